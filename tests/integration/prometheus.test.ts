// /metrics read by the real thing: promtool checks the exposition, and a
// Prometheus server (Debian's package) started with the README's example
// configuration scrapes the app and answers PromQL with the stored counts.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { freePort } from "@/lib/db/embedded-postgres";
import { rebuildChangedHours } from "@/lib/latency/rollup";
import { api, baseUrl, fixture, newCallId, postWebhook } from "../support/http";
import { testPool } from "../support/db";
import { TEST_MEMBER_API_KEY } from "../support/stack";

const EXAMPLES = path.resolve(import.meta.dirname, "../../examples/prometheus");
const agent = `agent_prom_${Date.now()}`;
const COMPLETED = 5;
const FAILED = 2;
let folder: string;
let prometheus: ChildProcess;
let prometheusUrl: string;

/** The tts_ttfb of every turn the agent's calls carry: completed and failed calls alike. */
function ttfbValues(): number[] {
  const of = (name: string, times: number) =>
    Array.from({ length: times }, () => fixture(name).body.flatMap((t: { tts_ttfb?: number }) => (t.tts_ttfb === undefined ? [] : [t.tts_ttfb]))).flat();
  return [...of("webhooks/call_completed.seed.json", COMPLETED), ...of("webhooks/call_failed.seed.json", FAILED)];
}

async function scrape(key: string | null = TEST_MEMBER_API_KEY) {
  const response = await fetch(`${baseUrl()}/metrics`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
  return { status: response.status, type: response.headers.get("content-type"), text: await response.text() };
}

async function promql(query: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const response = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(query)}`);
  const json = await response.json();
  expect(json.status).toBe("success");
  return json.data.result;
}

async function until<T>(what: string, read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read().catch(() => undefined as T);
    if (value !== undefined && done(value)) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

beforeAll(async () => {
  // Calls of one agent: five completed (three assistant turns each), two failed, one still going.
  const completed = fixture("webhooks/call_completed.seed.json");
  for (let i = 0; i < COMPLETED; i++) {
    expect((await postWebhook({ ...completed, request_id: newCallId("MZprom"), agent_id: agent, timestamp: new Date().toISOString() })).status).toBe(200);
  }
  const failed = fixture("webhooks/call_failed.seed.json");
  for (let i = 0; i < FAILED; i++) {
    expect((await postWebhook({ ...failed, request_id: newCallId("MZpromf"), agent_id: agent, timestamp: new Date().toISOString() })).status).toBe(200);
  }
  const started = fixture("webhooks/call_started.seed.json");
  expect((await postWebhook({ ...started, request_id: newCallId("MZproms"), agent_id: agent, timestamp: new Date().toISOString() })).status).toBe(200);
  expect((await postWebhook({ ...started, agent_id: agent }, { secret: "whsec_wrong_wrong_wrong_wrong_wrong" })).status).toBe(401);
  // The histograms come from the rollups: build them now rather than wait for the worker. A round skips
  // while the server's own rebuilder holds the lock, so it is tried until the agent's daily rows exist.
  await until(
    "the agent's rollups",
    async () => {
      await rebuildChangedHours(testPool(), 0);
      return (await testPool().query("select count(*)::int as n from latency_daily where agent_id = $1 and metric = 'tts_ttfb'", [agent])).rows[0].n as number;
    },
    (n) => n > 0,
  );

  folder = mkdtempSync(path.join(os.tmpdir(), "prometheus-"));
  writeFileSync(path.join(folder, "callscope.key"), inject("adminKey"));
  // The README's example, pointed at the test server and scraping every second.
  const config = readFileSync(path.join(EXAMPLES, "prometheus.yml"), "utf8")
    .replace("scrape_interval: 30s", "scrape_interval: 1s")
    .replace("/etc/prometheus/callscope.key", path.join(folder, "callscope.key"))
    .replace("callscope.internal:3000", new URL(baseUrl()).host)
    .replace("  - alerts.yml", `  - ${path.join(EXAMPLES, "alerts.yml")}`);
  writeFileSync(path.join(folder, "prometheus.yml"), config);
  execFileSync("promtool", ["check", "config", path.join(folder, "prometheus.yml")], { stdio: "pipe" });
  const port = await freePort();
  prometheusUrl = `http://127.0.0.1:${port}`;
  prometheus = spawn(
    "prometheus",
    [`--config.file=${path.join(folder, "prometheus.yml")}`, `--storage.tsdb.path=${path.join(folder, "data")}`, `--web.listen-address=127.0.0.1:${port}`],
    { stdio: "ignore" },
  );
  await until(
    "Prometheus to be ready",
    async () => (await fetch(`${prometheusUrl}/-/ready`)).status,
    (s) => s === 200,
  );
}, 120_000);

afterAll(() => {
  prometheus?.kill("SIGKILL");
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe("GET /metrics", () => {
  it("answers a member key, refuses no key and an ingest key", async () => {
    expect((await scrape(null)).status).toBe(401);
    const ingestKey = await api("POST", "/api/v1/keys", { type: "application/json", body: JSON.stringify({ label: "agent", role: "ingest" }) });
    expect((await scrape(ingestKey.json.key)).status).toBe(403);
    const ok = await scrape();
    expect(ok.status).toBe(200);
    expect(ok.type).toContain("text/plain; version=0.0.4");
  });

  it("passes promtool's check of the exposition format and its naming rules", async () => {
    const { text } = await scrape();
    const output = execFileSync("promtool", ["check", "metrics"], { input: text, encoding: "utf8", stdio: ["pipe", "pipe", "pipe"] });
    expect(output).toBe("");
  });

  it("counts the agent's calls, turns and deliveries as stored", async () => {
    const { text } = await scrape();
    const line = (series: string) =>
      Number(
        text
          .split("\n")
          .find((l) => l.startsWith(`${series} `))
          ?.split(" ")[1],
      );
    expect(line(`callscope_calls_total{agent_id="${agent}",status="completed"}`)).toBe(COMPLETED);
    expect(line(`callscope_calls_total{agent_id="${agent}",status="failed"}`)).toBe(FAILED);
    expect(line(`callscope_calls_in_progress{agent_id="${agent}"}`)).toBe(1);
    const turns = ttfbValues();
    expect(line(`callscope_tts_ttfb_seconds_count{agent_id="${agent}"}`)).toBe(turns.length);
    expect(line(`callscope_tts_ttfb_seconds_sum{agent_id="${agent}"}`)).toBeCloseTo(
      turns.reduce((s, t) => s + t, 0),
      3,
    );
    // Each turn counted in every bucket at or above its value.
    const under = (le: number) => turns.filter((t) => t <= le).length;
    for (const le of [0.1, 0.2, 0.3, 0.4, 0.5]) expect(line(`callscope_tts_ttfb_seconds_bucket{agent_id="${agent}",le="${le}"}`)).toBe(under(le));
    const received = line(`callscope_webhook_last_received_timestamp_seconds{agent_id="${agent}"}`);
    expect(Math.abs(received - Date.now() / 1000)).toBeLessThan(120);
    expect(line('callscope_webhook_deliveries_total{outcome="applied"}')).toBeGreaterThanOrEqual(COMPLETED + FAILED + 1);
    expect(line('callscope_webhook_deliveries_total{outcome="unauthorized"}')).toBeGreaterThanOrEqual(1);
  });
});

describe("a Prometheus server scraping Callscope", () => {
  it("answers PromQL with the right call counts", async () => {
    const total = await until(
      "the scraped call count",
      () => promql(`sum(callscope_calls_total{agent_id="${agent}"})`),
      (r) => r.length === 1 && Number(r[0].value[1]) === COMPLETED + FAILED,
    );
    expect(Number(total[0].value[1])).toBe(COMPLETED + FAILED);
    const failed = await promql(`callscope_calls_total{agent_id="${agent}",status="failed"}`);
    expect(Number(failed[0].value[1])).toBe(FAILED);
    const going = await promql(`callscope_calls_in_progress{agent_id="${agent}"}`);
    expect(Number(going[0].value[1])).toBe(1);
    const median = await promql(`histogram_quantile(0.5, sum by (le) (callscope_tts_ttfb_seconds_bucket{agent_id="${agent}"}))`);
    const values = ttfbValues().sort((a, b) => a - b);
    // Interpolated inside the bucket that holds the true median.
    const bucket = [0.1, 0.2, 0.3, 0.4, 0.5].find((le) => le >= values[Math.floor(values.length / 2)])!;
    expect(Number(median[0].value[1])).toBeGreaterThan(bucket - 0.1);
    expect(Number(median[0].value[1])).toBeLessThanOrEqual(bucket);
  });

  it("loads the example alert rules, and promtool's unit tests of them pass", async () => {
    const groups = await until<{ rules: { name: string }[] }[]>(
      "the rules",
      async () => (await (await fetch(`${prometheusUrl}/api/v1/rules`)).json()).data.groups,
      (g) => g.length === 1,
    );
    expect(groups[0].rules.map((r) => r.name)).toEqual(["CallscopeSlowSpeech", "CallscopeFailureRate", "CallscopeNoWebhooks"]);
    const output = execFileSync("promtool", ["test", "rules", "alerts.test.yml"], { cwd: EXAMPLES, encoding: "utf8" });
    expect(output).toContain("SUCCESS");
  });
});
