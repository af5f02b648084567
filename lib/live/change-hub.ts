// One LISTEN connection per process, and the fan-out of what it hears to
// this instance's open streams. A notification names the range of change ids
// a committed statement added; the hub reads those rows once and offers each
// to every subscriber, which filters and queues it. Several instances each
// have their own hub on the same channel, so a write anywhere reaches viewers
// everywhere. After a lost connection it catches up from the stored rows.
import "server-only";
import pg from "pg";
import { pool } from "@/lib/db/client";
import { env } from "@/lib/env";
import { processSingleton } from "@/lib/process-singleton";
import type { ChangeJson } from "./change-json";
import { changesAfter, changesBetween, lastChangeId } from "./read-changes";

export const CHANNEL = "callscope_changes";
export const HEARTBEAT_MS = 15_000;
/** Ids already delivered, remembered so that an overlapping range is not delivered twice. */
const REMEMBERED = 50_000;
/** The widest range read at once. */
const CHUNK = 5_000n;

export type Subscriber = {
  deliver: (change: ChangeJson) => void;
  heartbeat: () => void;
};

export class ChangeHub {
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private readonly subscribers = new Set<Subscriber>();
  private pending: [bigint, bigint] | null = null;
  private flushing = false;
  private lastId = -1n;
  private readonly seen = new Set<string>();
  private readonly ring: (string | undefined)[] = new Array(REMEMBERED);
  private ringAt = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly connectionString: string) {
    this.timer = setInterval(() => this.subscribers.forEach((s) => s.heartbeat()), HEARTBEAT_MS);
    this.timer.unref();
  }

  get size() {
    return this.subscribers.size;
  }

  /** Adds a subscriber once the hub is listening, so nothing committed after this resolves is missed. */
  async subscribe(subscriber: Subscriber): Promise<() => void> {
    await this.listening();
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  /** Connects and LISTENs, once; a lost connection is made again on the next call or by the retry timer. */
  listening(): Promise<void> {
    if (this.client) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async connect() {
    const client = new pg.Client({ connectionString: this.connectionString, keepAlive: true });
    const lost = () => {
      if (this.client !== client) return;
      this.client = null;
      client.end().catch(() => {});
      // Retry while anyone is listening; the next subscriber retries too.
      setTimeout(() => {
        if (this.subscribers.size) this.listening().catch(() => {});
      }, 1_000).unref();
    };
    client.on("error", lost);
    client.on("end", lost);
    client.on("notification", (message) => {
      const match = /^(\d+)-(\d+)$/.exec(message.payload ?? "");
      if (match) this.note(BigInt(match[1]), BigInt(match[2]));
    });
    await client.connect();
    try {
      await client.query(`listen ${CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    this.client = client;
    if (this.lastId < 0n) this.lastId = await lastChangeId(pool());
    else this.catchUp().catch(() => {});
  }

  /** What was committed while the connection was lost. */
  private async catchUp() {
    for (;;) {
      const { changes } = await changesAfter(pool(), this.lastId, Number(CHUNK));
      this.deliver(changes);
      if (changes.length < Number(CHUNK)) return;
    }
  }

  private note(first: bigint, last: bigint) {
    this.pending = this.pending ? [first < this.pending[0] ? first : this.pending[0], last > this.pending[1] ? last : this.pending[1]] : [first, last];
    if (!this.flushing) void this.flush();
  }

  private async flush() {
    this.flushing = true;
    try {
      while (this.pending) {
        const [first, last] = this.pending;
        this.pending = null;
        for (let from = first; from <= last; from += CHUNK) {
          const to = from + CHUNK - 1n < last ? from + CHUNK - 1n : last;
          this.deliver(await changesBetween(pool(), from, to));
        }
      }
    } catch (error) {
      if (!/connect|terminat|ECONN/i.test(String(error))) console.error(`[callscope] live stream: ${(error as Error).message}`);
    } finally {
      this.flushing = false;
    }
  }

  private deliver(changes: ChangeJson[]) {
    for (const change of changes) {
      if (this.seen.has(change.id)) continue;
      this.seen.add(change.id);
      const oldest = this.ring[this.ringAt];
      if (oldest !== undefined) this.seen.delete(oldest);
      this.ring[this.ringAt] = change.id;
      this.ringAt = (this.ringAt + 1) % REMEMBERED;
      const id = BigInt(change.id);
      if (id > this.lastId) this.lastId = id;
      for (const subscriber of this.subscribers) subscriber.deliver(change);
    }
  }

  async close() {
    clearInterval(this.timer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }
}

/** This process's hub. */
export function changeHub(): ChangeHub {
  return processSingleton("change-hub", () => {
    const url = env().DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set");
    return new ChangeHub(url);
  });
}
