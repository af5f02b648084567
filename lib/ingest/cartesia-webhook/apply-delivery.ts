// What Cartesia's descriptions of a call do to it: a webhook delivery, or a
// call as its Calls API lists it. Pure: mutateCalls loads the call's state,
// applies them here and stores the result. The two sources below are what
// the webhook's writer and the sync hand to mutateCalls.
import {
  type CallEventRecord,
  type CallFields,
  type CallState,
  isTerminal,
  mergeEnd,
  mergeFields,
  mergeStart,
  mergeStatus,
  mergeTurns,
  statusRank,
} from "../call-state";
import type { CallSource } from "../mutate-calls";
import { addSeconds, parseRfc3339 } from "@/lib/cartesia/timestamps";
import { spokenTurns, transcriptEvents } from "./transcript-rows";
import type { CallObject, Turn } from "@/lib/cartesia/call-object";
import { extraFields } from "@/lib/cartesia/extra-fields";
import type { KnownDelivery } from "@/lib/cartesia/webhook-delivery";

const TYPE_STATUS = { call_started: "started", call_completed: "completed", call_failed: "failed" } as const;

const CALL_FIELDS = new Set([
  "id",
  "agent_id",
  "status",
  "start_time",
  "end_time",
  "end_reason",
  "deployment_id",
  "telephony_params",
  "summary",
  "error_message",
  "agent_name",
  "metadata",
  "transcript",
]);

function callObjectFields(call: CallObject): CallFields {
  return {
    agentId: call.agent_id,
    deploymentId: call.deployment_id,
    endReason: call.end_reason,
    errorMessage: call.error_message,
    fromNumber: call.telephony_params?.from,
    toNumber: call.telephony_params?.to,
    telephony: call.telephony_params,
    metadata: call.metadata,
    agentName: call.agent_name,
    extra: extraFields(call, CALL_FIELDS),
  };
}

function lastEnd(turns: Turn[]): number {
  return turns.reduce((max, t) => Math.max(max, t.end_timestamp ?? t.start_timestamp), 0);
}

/** Applies a Calls API object (from a webhook or a sync) at the given status rank. */
export function applyCallObject(state: CallState, call: CallObject, final: boolean, source: string): CallEventRecord[] {
  const { call: record } = state;
  if (call.status) record.status = mergeStatus(record.status, call.status);
  mergeFields(record, callObjectFields(call), statusRank(call.status ?? "placeholder"));
  if (call.summary && !record.summary) record.summary = call.summary;
  mergeStart(record, call.start_time ? (parseRfc3339(call.start_time)?.date ?? null) : null, "call");
  mergeEnd(record, call.end_time ? (parseRfc3339(call.end_time)?.date ?? null) : null, "call");
  // A call fetched without `expand=transcript` says nothing about its turns.
  if (!call.transcript) return [];
  mergeTurns(state, spokenTurns(call.transcript, source, final), final);
  return transcriptEvents(call.transcript);
}

export function applyDelivery(state: CallState, delivery: KnownDelivery, eventTime: Date): CallEventRecord[] {
  const { call } = state;
  switch (delivery.type) {
    case "call_started":
    case "call_completed":
    case "call_failed": {
      const typeStatus = TYPE_STATUS[delivery.type];
      const terminal = isTerminal(typeStatus) || isTerminal(delivery.call?.status ?? "placeholder");
      call.status = mergeStatus(call.status, typeStatus);
      mergeFields(call, { agentId: delivery.agent_id, webhookId: delivery.webhook_id }, statusRank(typeStatus));
      const events: CallEventRecord[] = [];
      if (delivery.call) events.push(...applyCallObject(state, delivery.call, terminal, "call"));
      const body = delivery.body ?? [];
      if (body.length || (terminal && !delivery.call)) mergeTurns(state, spokenTurns(body, "body", terminal), terminal);
      events.push(...transcriptEvents(body));
      if (delivery.type === "call_started") mergeStart(call, eventTime, "call_started");
      if (terminal) {
        mergeEnd(call, eventTime, "event");
        const rows = body.length ? body : (delivery.call?.transcript ?? []);
        mergeStart(call, addSeconds(eventTime, -lastEnd(rows)), "derived");
      }
      return events;
    }
    case "call_turn": {
      call.status = mergeStatus(call.status, "active");
      mergeFields(call, { agentId: delivery.agent_id, webhookId: delivery.webhook_id }, 0);
      const turn = delivery.turn;
      mergeStart(call, addSeconds(eventTime, -(turn.end_timestamp ?? turn.start_timestamp)), "derived");
      mergeTurns(state, spokenTurns([turn], "call_turn", false), false);
      return transcriptEvents([turn]);
    }
    case "post_call_analysis": {
      mergeFields(call, { agentId: delivery.agent_id, webhookId: delivery.webhook_id }, 0);
      if (delivery.analysis.summary) call.summary = delivery.analysis.summary;
      return [];
    }
    default: {
      const exhaustive: never = delivery;
      return exhaustive;
    }
  }
}

/** The call object a delivery carries, if any. */
export function callObjectOf(known: KnownDelivery): CallObject | null {
  switch (known.type) {
    case "call_started":
    case "call_completed":
    case "call_failed":
      return known.call ?? null;
    default:
      return null;
  }
}

/** Cartesia's webhook deliveries, at the time each says it happened. */
export const deliverySource: CallSource<KnownDelivery> = {
  eventSource: "cartesia",
  callId: (delivery) => delivery.request_id,
  references(delivery) {
    const call = callObjectOf(delivery);
    return {
      agents: [delivery.agent_id, call?.agent_id].filter((id): id is string => Boolean(id)),
      deployments: call?.deployment_id ? [[call.deployment_id, call.agent_id ?? delivery.agent_id ?? null]] : [],
    };
  },
  apply: (state, delivery) => applyDelivery(state, delivery, parseRfc3339(delivery.timestamp)!.date),
};

/** Calls as Cartesia's Calls API describes them: a finished call's transcript is complete. */
export const callObjectSource: CallSource<CallObject> = {
  eventSource: "cartesia",
  callId: (call) => call.id,
  references: (call) => ({
    agents: call.agent_id ? [call.agent_id] : [],
    deployments: call.deployment_id ? [[call.deployment_id, call.agent_id ?? null]] : [],
  }),
  apply: (state, call) => applyCallObject(state, call, isTerminal(call.status ?? "placeholder"), "api"),
};
