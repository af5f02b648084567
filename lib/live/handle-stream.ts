// GET /api/v1/stream: the live stream of stored changes as Server-Sent
// Events, for members and admins (API keys or a console session; ingest keys
// are refused). Each event carries a change's ids and kind; a client that
// reconnects with Last-Event-ID gets what it missed from the stored rows.
// Every client has a bounded queue: one that reads too slowly loses the
// queued events and gets a `resync` event instead of growing the server.
import "server-only";
import { pool } from "@/lib/db/client";
import { env } from "@/lib/env";
import { authorized } from "@/lib/auth/authorized";
import { jsonError } from "@/lib/http/errors";
import type { ChangeJson } from "./change-json";
import { changeHub } from "./change-hub";
import { changesAfter } from "./read-changes";
import { changeFilter, eventId, streamQuerySchema } from "./stream-query";

/** Events a client may have queued before it is told to resync. */
export const CLIENT_QUEUE_MAX = 500;
/** Changes replayed after a Last-Event-ID, at most; past that the client resyncs. */
const REPLAY_MAX = 5_000;
const RETRY_MS = 3_000;

const encoder = new TextEncoder();
const eventBytes = (change: ChangeJson) => encoder.encode(`id: ${change.id}\ndata: ${JSON.stringify(change)}\n\n`);
const resyncBytes = (reason: "overflow" | "expired") => encoder.encode(`data: ${JSON.stringify({ kind: "resync", reason })}\n\n`);
const HEARTBEAT = encoder.encode(": heartbeat\n\n");

export const streamChanges = authorized("read", streamQuerySchema, async ({ request, principal, query }) => {
  const hub = changeHub();
  const limit = env().LIVE_MAX_STREAMS;
  if (hub.size >= limit) {
    return jsonError(503, "unavailable", `This instance has ${limit} open streams, its limit (LIVE_MAX_STREAMS). Retry shortly.`, undefined, {
      "Retry-After": "10",
    });
  }
  const header = request.headers.get("last-event-id");
  const resume = query.last_event_id ?? (header && eventId.safeParse(header).success ? header : undefined);
  const accepts = changeFilter(query, principal.role === "admin");

  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let queue: Uint8Array[] = [];
  let closed = false;
  // While the replay runs, live changes wait here, so that the order stays and nothing is sent twice.
  let held: ChangeJson[] | null = resume ? [] : null;
  // What the replay sent: the hub may still bring some of it (it reads behind the notifications), not to be sent twice.
  let replayed: { ids: Set<string>; until: number } | null = null;

  const send = (bytes: Uint8Array) => {
    if (closed) return;
    if (!queue.length && (controller.desiredSize ?? 0) > 0) return controller.enqueue(bytes);
    if (queue.length >= CLIENT_QUEUE_MAX) queue = [resyncBytes("overflow")];
    else queue.push(bytes);
  };
  const subscriber = {
    deliver(change: ChangeJson) {
      if (!accepts(change)) return;
      if (held) {
        if (held.length < REPLAY_MAX) held.push(change);
        return;
      }
      if (replayed) {
        if (Date.now() > replayed.until) replayed = null;
        else if (replayed.ids.has(change.id)) return;
      }
      send(eventBytes(change));
    },
    heartbeat() {
      if (!queue.length) send(HEARTBEAT);
    },
  };
  const unsubscribe = await hub.subscribe(subscriber);
  const close = () => {
    if (closed) return;
    closed = true;
    queue = [];
    unsubscribe();
    try {
      controller.close();
    } catch {
      // already closed or cancelled
    }
  };
  request.signal.addEventListener("abort", close, { once: true });

  const stream = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
        c.enqueue(encoder.encode(`retry: ${RETRY_MS}\n: connected\n\n`));
      },
      pull(c) {
        while (queue.length && (c.desiredSize ?? 0) > 0) c.enqueue(queue.shift()!);
      },
      cancel: close,
    },
    new CountQueuingStrategy({ highWaterMark: 32 }),
  );

  if (resume) {
    void replay(BigInt(resume)).catch(() => close());
  }
  async function replay(after: bigint) {
    const sent = new Set<string>();
    let cursor = after;
    for (let page = 0; ; page++) {
      const { changes, expired } = await changesAfter(pool(), cursor, 1_000);
      if (page === 0 && expired) send(resyncBytes("expired"));
      for (const change of changes) {
        sent.add(change.id);
        if (accepts(change)) send(eventBytes(change));
      }
      if (changes.length < 1_000) break;
      cursor = BigInt(changes.at(-1)!.id);
      if (sent.size >= REPLAY_MAX) {
        send(resyncBytes("overflow"));
        break;
      }
    }
    const waiting = held ?? [];
    held = null;
    for (const change of waiting) if (!sent.has(change.id)) send(eventBytes(change));
    replayed = { ids: sent, until: Date.now() + 30_000 };
  }

  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      // no-transform: no compression or proxy may hold events back to gather them.
      "cache-control": "no-cache, no-transform",
      "x-accel-buffering": "no",
    },
  });
});
