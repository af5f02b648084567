// Hostile bodies: 50 MB of each telemetry shape, streamed from an ingest key
// (no Content-Length, so the server must read until a limit stops it), all
// at once and again as soon as each is answered, for `--seconds`, while
// /api/health is polled every 20 ms and normal telemetry posts go on. Prints /api/health's latency (max, p99) during the load
// beside its goal of 500 ms and against the same polling on the idle server
// in the same run, and the server's memory growth beside its goal of 300 MB.
import { spawn } from "node:child_process";
import { sendStreamed, streamedBody } from "../tests/support/streamed-body";
import { freshDatabase, startApp } from "./start-app";
import { peakRss, percentile, round, stop, writeResult } from "./support";

const KEY = "cs_bench_hostile_key_0123456789";
const MB50 = 50 * 1024 * 1024;
const HEALTH_GOAL_MS = 500;
const RSS_GOAL_MB = 300;

const SHAPES = [
  { name: "text/plain logs x\\n", route: "/api/v1/calls/MZhostile1/logs", type: "text/plain", parts: { fill: "x\n" } },
  { name: "JSON array [1,1,…]", route: "/api/v1/calls/MZhostile2/events", type: "application/json", parts: { head: "[", fill: "1,", tail: "1]" } },
  { name: "NDJSON events", route: "/api/v1/calls/MZhostile3/events", type: "application/x-ndjson", parts: { fill: '{"type":"log","message":"x"}\n' } },
  {
    name: "one 50 MB NDJSON line",
    route: "/api/v1/calls/MZhostile4/events",
    type: "application/x-ndjson",
    parts: { head: '{"type":"log","message":"', fill: "y", tail: '"}' },
  },
  { name: "deployment log lines", route: "/api/v1/deployments/dep_hostile5/logs", type: "text/plain", parts: { fill: "x\n" } },
  {
    name: "deployment build_logs",
    route: "/api/v1/deployments/dep_hostile6",
    method: "PUT",
    type: "application/json",
    parts: { head: '{"build_logs":"', fill: "x\\n", tail: '"}' },
  },
];

/**
 * Polls /api/health every 20 ms until `done` resolves; each answer's time in ms (failures as Infinity).
 * The polling runs in a process of its own, so that the load this process generates does not delay it.
 */
async function pollHealth(base: string, done: Promise<unknown>) {
  const script = `
    const times = [];
    let stop = false;
    process.stdin.on("data", () => (stop = true));
    (async () => {
      while (!stop) {
        const start = performance.now();
        const ok = await fetch(process.argv[1] + "/api/health").then((r) => r.arrayBuffer().then(() => r.ok)).catch(() => false);
        times.push(ok ? performance.now() - start : null);
        await new Promise((r) => setTimeout(r, 20));
      }
      process.stdout.write(JSON.stringify(times));
    })();`;
  const child = spawn(process.execPath, ["-e", script, base], { stdio: ["pipe", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  const exited = new Promise((r) => child.once("exit", r));
  await done;
  child.stdin.end("stop\n");
  await exited;
  return (JSON.parse(out) as (number | null)[]).map((t) => t ?? Infinity);
}

async function normalPosts(base: string, until: Promise<unknown>) {
  let finished = false;
  void until.finally(() => (finished = true));
  let stored = 0;
  for (let i = 0; !finished; i++) {
    const res = await fetch(`${base}/api/v1/calls/MZnormal${i}/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
      body: JSON.stringify([{ type: "log_event", event: "normal", timestamp: 1 }]),
    });
    if (res.ok) stored++;
    await res.arrayBuffer();
  }
  return stored;
}

export async function runHostile(seconds = 10) {
  const database = await freshDatabase("bench-hostile-", [{ role: "ingest", value: KEY }]);
  try {
    const { app, base } = await startApp(database);
    // Warm the routes once, and measure the idle server's health answers for the baseline.
    await normalPosts(base, new Promise((r) => setTimeout(r, 500)));
    const idle = await pollHealth(base, new Promise((r) => setTimeout(r, 5000)));

    const measured = await peakRss(app.pid!, async () => {
      const until = Date.now() + seconds * 1000;
      let bodies = 0;
      /** Sends one shape's body again and again until the time is up; its answers, each as `status limit`. */
      const hammer = async (shape: (typeof SHAPES)[number]) => {
        const seen = new Set<string>();
        do {
          const answer = await sendStreamed(`${base}${shape.route}`, {
            method: shape.method ?? "POST",
            headers: { authorization: `Bearer ${KEY}`, "content-type": shape.type },
            body: streamedBody(MB50, shape.parts),
          });
          bodies++;
          seen.add(`${answer.status} ${answer.json?.error?.details?.limit ?? ""}`.trim());
        } while (Date.now() < until);
        return { shape: shape.name, answers: [...seen] };
      };
      const load = Promise.all(SHAPES.map(hammer));
      const [answers, health, stored] = await Promise.all([load, pollHealth(base, load), normalPosts(base, load)]);
      return { answers, health, stored, bodies };
    });
    const alive =
      app.exitCode === null &&
      (await fetch(`${base}/api/health`)
        .then((r) => r.ok)
        .catch(() => false));
    await stop(app);

    const { answers, health, stored, bodies } = measured.value;
    const loadMax = Math.max(...health);
    const loadP99 = percentile(health, 99);
    const growthMb = round((measured.peak - measured.before) / 1048576, 1);
    const result = {
      body_mb: 50,
      seconds,
      bodies_sent: bodies,
      shapes: answers,
      health_during_load_ms: { n: health.length, p50: round(percentile(health, 50)), p99: round(loadP99), max: round(loadMax) },
      health_idle_ms: { n: idle.length, p50: round(percentile(idle, 50)), p99: round(percentile(idle, 99)), max: round(Math.max(...idle)) },
      health_goal_ms: HEALTH_GOAL_MS,
      rss_before_mb: round(measured.before / 1048576, 1),
      rss_peak_mb: round(measured.peak / 1048576, 1),
      rss_growth_mb: growthMb,
      rss_goal_mb: RSS_GOAL_MB,
      normal_posts_stored: stored,
      server_alive_after: alive,
    };
    console.log(`hostile: ${bodies} bodies of 50 MB in ${seconds} s; ${answers.map((a) => `${a.shape} → ${a.answers.join(", ")}`).join("; ")}`);
    console.log(
      `  /api/health during the load: max ${result.health_during_load_ms.max} ms, p99 ${result.health_during_load_ms.p99} ms (goal under ${HEALTH_GOAL_MS} ms); idle in the same run: max ${result.health_idle_ms.max} ms, p99 ${result.health_idle_ms.p99} ms`,
    );
    console.log(`  server memory +${growthMb} MB (goal under ${RSS_GOAL_MB} MB); ${stored} normal posts stored meanwhile; server alive after: ${alive}`);
    console.log(`  written to ${writeResult("hostile", result)}`);
    return result;
  } finally {
    await database.stop();
  }
}
