// An instance with a real streaming replica of its database (DATABASE_READ_URL):
// the read API, exports and pages read the replica (shown by pausing its
// replay: what the primary has and the replica has not is not found); a
// console user's page after their own change reads the primary; a replica
// too far behind, or gone, is left for the primary with one log line and no
// error to anyone, and read again once it has caught up or is back.
import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture } from "../support/fixtures";
import { postWebhook, signInCookie } from "../support/http";
import { type Replica, startReplica } from "../support/replica";
import { type Stack, startStack, TEST_ADMIN, TEST_ADMIN_API_KEY } from "../support/stack";
import { until } from "../support/until";

/** Long enough for a few requests while replay is paused, short enough to wait out. */
const MAX_LAG_S = 8;

let primaryApp: Stack;
let app: Stack;
let replica: Replica;
let primary: pg.Pool;
const stamp = Date.now().toString(36);
let n = 0;

beforeAll(async () => {
  // The instance that owns the database: migrations, keys, users. It stays on the primary alone.
  primaryApp = await startStack({ embedded: true });
  replica = await startReplica(primaryApp.databaseUrl, path.join(primaryApp.dataDir, "postgres"));
  app = await startStack({ sharing: primaryApp, env: { DATABASE_READ_URL: replica.url, DATABASE_READ_MAX_LAG_S: String(MAX_LAG_S) } });
  primary = new pg.Pool({ connectionString: primaryApp.databaseUrl, max: 2 });
}, 180_000);

afterAll(async () => {
  await primary?.end();
  await app?.stop();
  await replica?.remove();
  await primaryApp?.stop();
});

const auth = { authorization: `Bearer ${TEST_ADMIN_API_KEY}` };
const status = async (url: string) => (await fetch(url, { headers: auth })).status;
const callStatus = (id: string) => status(`${app.baseUrl}/api/v1/calls/${id}`);
const logLines = (pattern: RegExp) =>
  app
    .output()
    .split("\n")
    .filter((line) => pattern.test(line));
const replicaName = () => `read replica 127.0.0.1:${new URL(replica.url).port}/`;

/** A new call, stored through the primary's own instance; answers its id once the primary has it. */
async function newCall(): Promise<string> {
  const id = `MZreplica${stamp}${n++}`;
  const delivered = await postWebhook({ ...fixture("webhooks/call_started.seed.json"), request_id: id }, { url: primaryApp.baseUrl });
  expect(delivered.status).toBe(200);
  const { rowCount } = await primary.query("select 1 from calls where id = $1", [id]);
  expect(rowCount).toBe(1);
  return id;
}

/** That reads go to the replica: with its replay paused, a call only the primary has is not found. */
async function expectReadsOnReplica() {
  await replica.pauseReplay();
  try {
    const id = await newCall();
    expect(await callStatus(id)).toBe(404);
    expect(await status(`${primaryApp.baseUrl}/api/v1/calls/${id}`)).toBe(200);
  } finally {
    await replica.resumeReplay();
  }
}

function actionId(file: string, name: string): string {
  const manifest = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../.next/server/server-reference-manifest.json"), "utf8"));
  const found = Object.entries(manifest.node as Record<string, { filename?: string; exportedName?: string }>).find(
    ([, entry]) => entry.filename === file && entry.exportedName === name,
  );
  if (!found) throw new Error(`no server action ${name} in ${file}`);
  return found[0];
}

describe("read replicas", () => {
  it("serve the read API, exports and pages, and a console user's page after their change reads the primary", async () => {
    // The replica is read once the instance has found it ready.
    const first = await newCall();
    await until(
      "the replica to serve reads",
      () => callStatus(first),
      (s) => s === 200,
    );
    await until(
      "the replica to be ready",
      () => logLines(/is ready: reads go to it/),
      (lines) => lines.length === 1,
    );
    const { cookie } = await signInCookie(TEST_ADMIN, "203.0.113.91", app.baseUrl);

    await replica.pauseReplay();
    const id = await newCall();
    expect(await callStatus(id)).toBe(404);
    expect(await status(`${app.baseUrl}/api/v1/calls/${id}/transcript?format=json`)).toBe(404);
    expect(await status(`${primaryApp.baseUrl}/api/v1/calls/${id}`)).toBe(200);

    // A change through the console's own form (posted as a browser without JavaScript would).
    const metric = `replica_check_${stamp}`;
    const form = new FormData();
    form.set(`$ACTION_ID_${actionId("lib/conversation/stage-settings-actions.ts", "saveStageMetricsAction")}`, "");
    for (const [stage, names] of Object.entries({ endpointing: "vad_buffer_ms", stt: "stt_ttfb", llm: metric, tts: "tts_ttfb" })) form.set(stage, names);
    const saved = await fetch(`${app.baseUrl}/settings/latency`, { method: "POST", body: form, headers: { cookie, origin: app.baseUrl }, redirect: "manual" });
    expect(saved.status).toBeLessThan(400);
    const written = saved.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .find((c) => c.startsWith("callscope_written_lsn="));
    // The primary's position in its log after the change, e.g. 0/302BBE0.
    expect(decodeURIComponent(written ?? "")).toMatch(/^callscope_written_lsn=[0-9A-F]+\/[0-9A-F]+$/);
    const { rows } = await primary.query("select value from settings where key = 'latency_stages'");
    expect(rows[0].value.llm).toEqual([metric]);

    const page = (cookies: string) => fetch(`${app.baseUrl}/settings/latency`, { headers: { cookie: cookies } }).then((r) => r.text());
    // The user's next page has their change; anyone else's read still comes from the paused replica.
    expect(await page(`${cookie}; ${written}`)).toContain(metric);
    expect(await page(cookie)).not.toContain(metric);
    expect(await callStatus(id)).toBe(404);
    await replica.resumeReplay();
    await until(
      "the replica to replay the change",
      () => page(cookie),
      (html) => html.includes(metric),
    );
  });

  it("leave a replica further behind than DATABASE_READ_MAX_LAG_S for the primary, with a log line, until it catches up", async () => {
    await replica.pauseReplay();
    const id = await newCall();
    expect(await callStatus(id)).toBe(404);
    // Past the limit, the same read is answered by the primary.
    await until(
      "reads to leave the lagging replica",
      () => callStatus(id),
      (s) => s === 200,
      (MAX_LAG_S + 10) * 1000,
    );
    const behind = new RegExp(
      `${replicaName()}\\S* is \\d+ s behind the primary, more than DATABASE_READ_MAX_LAG_S \\(${MAX_LAG_S} s\\): reads go to the primary`,
    );
    expect(logLines(behind)).toHaveLength(1);
    await replica.resumeReplay();
    await until(
      "the replica to catch up",
      () => logLines(/has caught up: reads go to it/),
      (lines) => lines.length === 1,
    );
    await expectReadsOnReplica();
  }, 60_000);

  it("send reads to the primary while a replica is away, with one log line and no errors, and back to it when it returns", async () => {
    await replica.stop();
    const id = await newCall();
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      statuses.push(await callStatus(id));
      statuses.push(await status(`${app.baseUrl}/metrics`));
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(logLines(/is unreachable \(.*\): reads go to the primary until it answers again/)).toHaveLength(1);

    await replica.start();
    await until(
      "the replica to answer again",
      () => logLines(/answers again: reads go to it/),
      (lines) => lines.length === 1,
    );
    await expectReadsOnReplica();
  }, 60_000);
});
