// The one way calls change, whatever describes them. A source of call data
// (Cartesia's webhook deliveries, the calls its API lists) parses its own
// format into changes and brings a CallSource that says which call each
// change is about and what it does to that call's state; the rest is shared:
// inside the caller's transaction the calls are locked (in id order) and
// loaded, each change is applied to a copy, and only what changed is saved,
// with the events the changes carried. The rules of call-state.ts are
// order-independent, so a batch, a retry and a replay all end the same.
// Changes must have passed the redaction gate: what they carry is stored.
import type { PoolClient } from "pg";
import type { Redacted } from "@/lib/privacy/redact-for-store";
import type { CallEventRecord, CallState } from "./call-state";
import { cloneState, lockAndLoad } from "./load-call-states";
import { insertCallEvents, saveStates } from "./save-call-states";

export type CallReferences = { agents: string[]; deployments: [id: string, agentId: string | null][] };

export type CallSource<C> = {
  /** what the call events it finds are stored as from (call_events.source) */
  eventSource: string;
  /** the call a change is about */
  callId(change: C): string;
  /** the agents and deployments a change names: they must exist before its call points at them */
  references(change: C): CallReferences;
  /** what a change does to its call, in place on the copy given (pure otherwise); the events it carries */
  apply(state: CallState, change: C): CallEventRecord[];
};

/** Statement fragments that create agents and deployments on first sight; `$agents` and `$deployments` are parameters. */
export function referencesCte(agentsParam: string, deploymentsParam: string) {
  return `refs_agents as (
      insert into agents (id) select a from unnest(${agentsParam}::text[]) a order by 1 on conflict (id) do nothing),
    refs_deployments as (
      insert into deployments (id, agent_id)
      select d.id, d.agent_id from jsonb_to_recordset(${deploymentsParam}::jsonb) as d(id text, agent_id text) order by 1
      on conflict (id) do nothing)`;
}

/** The parameters of `referencesCte` for these changes: agents and deployments sorted, so that concurrent writers lock them in one order. */
export function referenceParams<C>(source: CallSource<C>, changes: readonly C[]) {
  const named = changes.map((change) => source.references(change));
  const sortedAgents = [...new Set(named.flatMap((r) => r.agents))].sort();
  const deployments = named.flatMap((r) => r.deployments);
  // A deployment's agent must exist too.
  for (const [, agentId] of deployments) if (agentId && !sortedAgents.includes(agentId)) sortedAgents.push(agentId);
  return [
    sortedAgents.sort(),
    JSON.stringify([...new Map(deployments).entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, agentId]) => ({ id, agent_id: agentId }))),
  ];
}

/**
 * Applies changes to their calls, in order. The agents and deployments they
 * name are created first, unless the caller made them already in a statement
 * of its own (`referencesMade`).
 */
export async function mutateCalls<C>(client: PoolClient, source: CallSource<C>, changes: readonly Redacted<C>[], options: { referencesMade?: boolean } = {}) {
  if (!changes.length) return;
  if (!options.referencesMade) await client.query(`with ${referencesCte("$1", "$2")} select 1`, referenceParams(source, changes));
  const before = await lockAndLoad(
    client,
    changes.map((change) => source.callId(change)),
  );
  const after = new Map([...before].map(([id, state]) => [id, cloneState(state)]));
  const events: { callId: string; event: CallEventRecord }[] = [];
  for (const change of changes) {
    const callId = source.callId(change);
    for (const event of source.apply(after.get(callId)!, change)) events.push({ callId, event });
  }
  await saveStates(client, before, after);
  await insertCallEvents(client, source.eventSource, events);
}
