// The text of the prompt "investigate a slow or failed call": the order in
// which the tools answer that question best.
export function investigatePrompt(callId: string | undefined, symptom: string | undefined): string {
  const start = callId ? `Investigate Callscope call ${callId}.` : "Investigate the newest deployment in Callscope: find its slowest or failed calls.";
  return [
    start,
    symptom ? `What was seen: ${symptom}` : "",
    "",
    "Work with the Callscope tools, in this order, and stop as soon as the cause is clear:",
    callId
      ? `1. get_call(call_id: "${callId}", include: ["events", "logs"]): status, end reason, failure reason, conversation figures, and each turn's latencies.`
      : "1. list_deployments: the first one is the newest. Then slowest_turns(deployment_id: [that id]) and failure_summary(deployment_id: [that id]).",
    "2. For the slowest turns (largest heard_gap_ms or gap_ms, or tts_ttfb_ms) and for the moment of a failure, get_transcript(call_id, around_s: the turn's at_s, include_events: true): what the user said, what the agent did (tool calls, log events, errors) and how long each took.",
    "3. slowest_turns for the call's agent or deployment: is this turn typical or an outlier? Where a turn has `stages`, name the stage that took the time.",
    "4. compare_deployments for the agent: did a deployment make it slower? latency_summary for the wider picture.",
    "5. failure_summary for the range: is this failure one of many with the same reason?",
    "",
    "Answer with: what happened (with call ids and seconds in the call), the likely cause, the evidence (quote the transcript lines and log lines), and what to change in the agent. Say what you could not determine.",
  ]
    .filter((line, i, all) => line !== "" || all[i - 1] !== "")
    .join("\n");
}
