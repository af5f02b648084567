// The kinds of a call's events: log events, metrics and log lines, and the
// other frames of Line's /ws websocket that the telemetry API stores as they
// came (tool_call frames become tool calls instead).
export const EVENT_KINDS = ["log_event", "log_metric", "log", "end_call", "transfer", "dtmf", "error", "custom", "message", "config"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
