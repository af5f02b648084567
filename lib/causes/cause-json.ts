// Causes in the read API: the list's summaries and one cause's detail.
import { z } from "zod";
import { CAUSE_KINDS } from "./call-causes";
import { CAUSE_STATES } from "./cause-filters";
import type { CauseDetail, CauseRow, CauseSummary } from "./get-causes";

const time = z.iso.datetime();
const maybeTime = time.nullable();

export const causeSchema = z
  .strictObject({
    id: z.string().describe("the fingerprint's hash: the same on every instance"),
    kind: z.enum(CAUSE_KINDS),
    tool: z.string().nullable().describe("the tool, for tool errors"),
    title: z
      .string()
      .describe(
        "the normalised message (numbers, ids, quoted values, durations, phone numbers and query strings taken out), or the exception and the agent's own frame",
      ),
    state: z.enum(CAUSE_STATES),
    state_changed_at: time,
    first_seen_at: time,
    last_seen_at: time,
    new_in_deployment_id: z.string().nullable().describe("the deployment of the first call it was seen in"),
    calls: z.number().int().describe("every call it was seen in"),
    calls_in_range: z.number().int().describe("calls in the range asked for (the list's impact)"),
    calls_24h: z.number().int(),
    calls_7d: z.number().int(),
    sparkline: z.array(z.number().int()).length(14).describe("calls per UTC day, the last 14 days, oldest first"),
    agents: z.array(z.strictObject({ agent_id: z.string(), calls: z.number().int() })).describe("the agents with most of its calls, at most 5"),
    resolved_at: maybeTime,
    resolved_in_deployment_id: z.string().nullable(),
    ignored_until: maybeTime,
    ignored_until_calls: z.number().int().nullable().describe("ignored until its call count reaches this"),
  })
  .describe("A cause: failing calls grouped by the same fingerprint.");

export const causeDetailSchema = causeSchema
  .extend({
    deployments: z.array(
      z.strictObject({
        deployment_id: z.string(),
        calls: z.number().int(),
        deployment_calls: z.number().int(),
        share: z.number().describe("calls / deployment_calls"),
      }),
    ),
    versions: z.array(z.strictObject({ deployment_version_id: z.string(), calls: z.number().int() })),
    examples: z.array(
      z.strictObject({
        call_id: z.string(),
        seen_at: time,
        which: z.enum(["first", "latest", "spread"]),
        agent_id: z.string().nullable(),
        deployment_id: z.string().nullable(),
        offset_s: z.number().nullable().describe("where in the call it showed"),
        event_id: z.string().nullable(),
        tool_call_id: z.string().nullable(),
        detail: z.string().nullable().describe("what the event or tool call said, as stored (redacted)"),
      }),
    ),
    history: z.array(
      z.strictObject({
        at: time,
        from_state: z.string().nullable(),
        to_state: z.string(),
        actor: z.string(),
        deployment_id: z.string().nullable(),
        note: z.string().nullable(),
      }),
    ),
  })
  .describe("One cause with its breakdown, example calls and history.");

export const causeListSchema = z.strictObject({ data: z.array(causeSchema) }).describe("Causes sorted by impact: the calls they affected in the range.");

export type CauseJson = z.infer<typeof causeSchema>;
export type CauseDetailJson = z.infer<typeof causeDetailSchema>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function base(c: CauseRow) {
  return {
    id: c.id,
    kind: c.kind as CauseJson["kind"],
    tool: c.tool,
    title: c.title,
    state: c.state as CauseJson["state"],
    state_changed_at: c.stateChangedAt.toISOString(),
    first_seen_at: c.firstSeenAt.toISOString(),
    last_seen_at: c.lastSeenAt.toISOString(),
    new_in_deployment_id: c.firstDeploymentId,
    calls: c.callCount,
    resolved_at: iso(c.resolvedAt),
    resolved_in_deployment_id: c.resolvedInDeploymentId,
    ignored_until: iso(c.ignoredUntil),
    ignored_until_calls: c.ignoredUntilCount,
  };
}

export function causeJson(c: CauseSummary): CauseJson {
  return {
    ...base(c),
    calls_in_range: c.callsInRange,
    calls_24h: c.calls24h,
    calls_7d: c.calls7d,
    sparkline: c.sparkline,
    agents: c.agents.map((a) => ({ agent_id: a.agentId, calls: a.calls })),
  };
}

export function causeDetailJson(c: CauseDetail): z.infer<typeof causeDetailSchema> {
  return {
    ...causeJson(c),
    deployments: c.deployments.map((d) => ({ deployment_id: d.deploymentId, calls: d.calls, deployment_calls: d.deploymentCalls, share: d.share })),
    versions: c.versions.map((v) => ({ deployment_version_id: v.versionId, calls: v.calls })),
    examples: c.examples.map((e) => ({
      call_id: e.callId,
      seen_at: e.seenAt.toISOString(),
      which: e.which,
      agent_id: e.agentId,
      deployment_id: e.deploymentId,
      offset_s: e.offsetS,
      event_id: e.eventId,
      tool_call_id: e.toolCallId,
      detail: e.detail,
    })),
    history: c.history.map((h) => ({
      at: h.at.toISOString(),
      from_state: h.fromState,
      to_state: h.toState,
      actor: h.actor,
      deployment_id: h.deploymentId,
      note: h.note,
    })),
  };
}
