// The live stream's cost at rest: 1,000 idle streams (GET /api/v1/stream)
// held open against the production build, and the server's resident memory
// growth (goal: under 100 MB). Beside it, in the same run, the growth for
// 1,000 plain idle keep-alive connections, which any HTTP server pays, and a
// check that every stream is alive: one change reaches all of them.
import type { ChildProcess } from "node:child_process";
import net from "node:net";
import pg from "pg";
import { freshDatabase, startApp } from "./start-app";
import { peakRss, round, rss, stop, writeResult } from "./support";

const KEY = "cs_bench_member_key_0123456789";
const GOAL_MB = 100;

/** Opens `n` connections that each send `request` and wait until `ready` arrives; in batches, so the server is not flooded. */
async function connections(port: number, n: number, request: string, ready: string) {
  const sockets: { socket: net.Socket; received: () => string }[] = [];
  for (let i = 0; i < n; i += 50) {
    const batch = Array.from({ length: Math.min(50, n - i) }, async () => {
      const socket = net.connect(port, "127.0.0.1");
      let received = "";
      await new Promise<void>((resolve, reject) => {
        socket.on("error", reject);
        socket.on("data", (chunk) => {
          received += chunk.toString("latin1");
          if (received.includes(ready)) resolve();
        });
        socket.write(request);
      });
      sockets.push({ socket, received: () => received });
    });
    await Promise.all(batch);
  }
  return sockets;
}

/**
 * Resident memory once the server is idle again: V8 collects the garbage of
 * the work (1,000 authentications, request parsing) and gives memory back
 * some seconds after it stops, at a moment of its choosing; the lowest value
 * over 20 s is what stays held.
 */
const settle = async (pid: number) => {
  let lowest = rss(pid);
  for (let i = 0; i < 40; i++) {
    await new Promise((r) => setTimeout(r, 500));
    lowest = Math.min(lowest, rss(pid));
  }
  return lowest;
};

export async function runStream(streams = 1_000) {
  const database = await freshDatabase("bench-stream-", [{ role: "member", value: KEY }]);
  const client = new pg.Client({ connectionString: database.url });
  let app: ChildProcess | undefined;
  try {
    const served = await startApp(database, { LIVE_MAX_STREAMS: String(streams * 2) });
    app = served.app;
    const { port } = served;
    await client.connect();
    const streamRequest = `GET /api/v1/stream HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${KEY}\r\nAccept: text/event-stream\r\n\r\n`;
    const healthRequest = `GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`;
    // Warm-up: the routes' modules load on their first request, and the hub connects on the first stream.
    for (const socket of await connections(port, 20, streamRequest, "connected")) socket.socket.destroy();
    for (const socket of await connections(port, 20, healthRequest, "\r\n\r\n")) socket.socket.destroy();

    const base = await settle(app.pid!);
    const idle = await connections(port, streams, healthRequest, "\r\n\r\n");
    const withIdle = await settle(app.pid!);
    idle.forEach((s) => s.socket.destroy());
    const cleared = await settle(app.pid!);

    const started = performance.now();
    const opening = await peakRss(app.pid!, () => connections(port, streams, streamRequest, "connected"));
    const open = opening.value;
    const openSeconds = (performance.now() - started) / 1000;
    const withStreams = await settle(app.pid!);
    // Every stream is alive: one new call reaches each of them.
    await client.query("insert into calls (id) values ('MZbenchstream')");
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && open.some((s) => !s.received().includes("MZbenchstream"))) await new Promise((r) => setTimeout(r, 100));
    const reached = open.filter((s) => s.received().includes("MZbenchstream")).length;
    open.forEach((s) => s.socket.destroy());

    const streamMb = (withStreams - cleared) / 1048576;
    const idleMb = (withIdle - base) / 1048576;
    const result = {
      streams,
      rss_growth_mb: round(streamMb, 1),
      goal_mb: GOAL_MB,
      kb_per_stream: round((streamMb * 1024) / streams, 1),
      peak_growth_while_opening_mb: round((opening.peak - cleared) / 1048576, 1),
      baseline_idle_keepalive_growth_mb: round(idleMb, 1),
      open_seconds: round(openSeconds, 2),
      reached_by_one_change: reached,
    };
    console.log(
      `${streams} idle live streams: +${result.rss_growth_mb} MB server memory (goal under ${GOAL_MB} MB; ${result.kb_per_stream} kB each), ` +
        `against +${result.baseline_idle_keepalive_growth_mb} MB for ${streams} idle keep-alive connections; opened in ${result.open_seconds} s ` +
        `(+${result.peak_growth_while_opening_mb} MB at the peak, before V8 collected the garbage of 1,000 authentications); ` +
        `one change reached ${reached} of them`,
    );
    console.log(`  written to ${writeResult("stream", result)}`);
    return result;
  } finally {
    await client.end().catch(() => {});
    if (app) await stop(app);
    await database.stop();
  }
}
