// Calls as Cartesia's API describes them, merged into what webhooks and
// telemetry already stored, by the same order-independent rules.
import type { Pool } from "pg";
import { isTerminal } from "./call-state";
import { cloneState, insertTranscriptEvents, lockAndLoad, referenceParams, referencesCte, saveStates } from "./call-store";
import type { TranscriptEvent } from "./transcript-rows";
import { applyCallObject } from "./webhook/apply-delivery";
import type { CallObject } from "./webhook/schema";

export async function applyCallObjects(pool: Pool, calls: CallObject[]) {
  if (!calls.length) return;
  const client = await pool.connect();
  let failure: Error | undefined;
  try {
    await client.query("begin");
    const refs = referenceParams(
      calls.flatMap((c) => (c.agent_id ? [c.agent_id] : [])),
      calls.flatMap((c): [string, string | null][] => (c.deployment_id ? [[c.deployment_id, c.agent_id ?? null]] : [])),
    );
    await client.query(`with ${referencesCte("$1", "$2")} select 1`, refs);
    const before = await lockAndLoad(client, calls.map((c) => c.id));
    const after = new Map([...before].map(([id, state]) => [id, cloneState(state)]));
    const events: { callId: string; event: TranscriptEvent }[] = [];
    for (const call of calls) {
      for (const event of applyCallObject(after.get(call.id)!, call, isTerminal(call.status ?? "placeholder"), "api")) events.push({ callId: call.id, event });
    }
    await saveStates(client, before, after);
    await insertTranscriptEvents(client, events);
    await client.query("commit");
  } catch (error) {
    failure = error as Error;
    await client.query("rollback").catch(() => {});
    throw error;
  } finally {
    client.release(failure);
  }
}
