// Bulk export: any number of calls, streamed page by page (keyset pages of
// calls, then their turns in one query), so memory stays flat however many
// calls match.
import type { Pool } from "pg";
import type { CallFilters } from "@/lib/calls/call-filters";
import { EVENTS_JSON, type EventView, TURNS_JSON, type TurnView } from "@/lib/calls/get-call";
import { listCalls } from "@/lib/calls/list-calls";
import { getConversations } from "@/lib/conversation/get-conversation";
import { causesOfCalls } from "@/lib/causes/get-causes";
import { CSV_COLUMNS, csvRow, csvRows, type ExportIncludes, toJson } from "./transcript-formats";
import type { BulkFormat } from "./export-formats";

const PAGE = 100;

async function transcriptsOf(pool: Pool, ids: string[], includeEvents: boolean) {
  const { rows } = await pool.query(
    `select c.id, c.agent_id, c.deployment_id, c.status, c.start_time, c.end_time, ${TURNS_JSON} as turns
       ${includeEvents ? `, ${EVENTS_JSON} as events` : ""}
     from calls c where c.id = any($1::text[])`,
    [ids],
  );
  return new Map(
    rows.map((r) => [
      r.id as string,
      r as {
        id: string;
        agent_id: string | null;
        deployment_id: string | null;
        status: string;
        start_time: Date | null;
        end_time: Date | null;
        turns: TurnView[];
        events?: EventView[];
      },
    ]),
  );
}

/**
 * The export as a stream. Its first page is read before this returns, so that
 * a query the database refuses is an error answer, not a connection reset
 * after the headers went out.
 */
export async function streamTranscripts(
  pool: Pool,
  filters: CallFilters,
  format: BulkFormat,
  include: ExportIncludes,
  onCall?: () => void,
): Promise<ReadableStream<Uint8Array>> {
  const encoder = new TextEncoder();
  let cursor: string | undefined;
  let started = false;
  let done = false;
  async function nextChunk(): Promise<string> {
    let out = "";
    if (!started && format === "csv") out += csvRow([...CSV_COLUMNS]);
    started = true;
    const page = await listCalls(pool, { ...filters, limit: PAGE, cursor });
    const ids = page.rows.map((r) => r.id);
    const includeEvents = include.events;
    const [transcripts, conversations, causes] = await Promise.all([
      transcriptsOf(pool, ids, includeEvents),
      format === "csv" ? new Map() : getConversations(pool, ids),
      include.causes ? causesOfCalls(pool, ids) : null,
    ]);
    for (const row of page.rows) {
      const t = transcripts.get(row.id);
      if (!t) continue;
      if (format === "csv") out += csvRows(t.id, t.turns, includeEvents ? (t.events ?? []) : null, causes?.get(t.id));
      else {
        const source = {
          id: t.id,
          agentId: t.agent_id,
          deploymentId: t.deployment_id,
          status: t.status,
          startTime: t.start_time,
          endTime: t.end_time,
          turns: t.turns,
          events: t.events,
          conversation: conversations.get(t.id) ?? null,
        };
        out += `${JSON.stringify(toJson(source, includeEvents, causes?.get(t.id)))}\n`;
      }
      onCall?.();
    }
    cursor = page.nextCursor ?? undefined;
    if (!page.nextCursor) done = true;
    return out;
  }
  const first = await nextChunk();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (first) controller.enqueue(encoder.encode(first));
      if (done) controller.close();
    },
    async pull(controller) {
      const out = await nextChunk();
      if (out) controller.enqueue(encoder.encode(out));
      if (done) controller.close();
    },
  });
}
