// Recordings on S3-compatible storage, against a real S3 API server (s3rver,
// which refuses unknown access keys): two instances on one database and one
// bucket, each with its own local folder, so that nothing can pass through
// a disk. Upload through one, play with Range and download through the
// other; a 100 MB upload streams; deletions delete the objects; a bucket
// that refuses the credentials gets a clear error and keeps nothing; and
// recordings kept locally move to the bucket with npm run recordings:migrate.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { synthesizeWav } from "@/lib/demo/synthesize-wav";
import { liveBytes, peakLiveBytes } from "../support/memory";
import { startS3 } from "../support/s3";
import { type Stack, startStack, TEST_ADMIN_API_KEY, TEST_MEMBER_API_KEY } from "../support/stack";

let s3: Awaited<ReturnType<typeof startS3>>;
let a: Stack;
let b: Stack;
let refused: Stack;
let database: pg.Pool;

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

async function request(stack: Stack, method: string, url: string, options: { body?: BodyInit; type?: string; range?: string; key?: string } = {}) {
  const response = await fetch(`${stack.baseUrl}${url}`, {
    method,
    headers: {
      authorization: `Bearer ${options.key ?? TEST_ADMIN_API_KEY}`,
      ...(options.type ? { "content-type": options.type } : {}),
      ...(options.range ? { range: options.range } : {}),
    },
    body: options.body,
    // @ts-expect-error Node's fetch streams a request body only half-duplex
    duplex: options.body instanceof ReadableStream ? "half" : undefined,
  });
  return { status: response.status, headers: response.headers, buffer: Buffer.from(await response.arrayBuffer()) };
}

/** Instance B's recording limit, small enough to send past. */
const B_LIMIT = 4 * 1024 * 1024;

const callId = (name: string) => `MZs3${name}${Date.now().toString(16)}`;

beforeAll(async () => {
  s3 = await startS3();
  a = await startStack({ env: s3.env(), memoryProbe: true });
  b = await startStack({ env: { ...s3.env(), RECORDING_MAX_BYTES: String(B_LIMIT), CALLSCOPE_REDACT_AUDIO: "drop" }, sharing: a });
  refused = await startStack({ env: s3.env("AKIAUNKNOWNKEY"), sharing: a });
  database = new pg.Pool({ connectionString: a.databaseUrl, max: 2 });
}, 180_000);

afterAll(async () => {
  await database?.end();
  await refused?.stop();
  await b?.stop();
  await a?.stop();
  await s3?.stop();
});

describe("recordings in an S3 bucket", () => {
  it("are uploaded through one instance and played with Range and downloaded through the other", async () => {
    const id = callId("play");
    const wav = synthesizeWav(
      [
        { role: "assistant", startS: 0.5, endS: 2 },
        { role: "user", startS: 2.5, endS: 4 },
      ],
      5,
    );
    const put = await request(a, "PUT", `/api/v1/calls/${id}/recording`, { body: new Uint8Array(wav), type: "audio/wav", key: TEST_MEMBER_API_KEY });
    expect(put.status).toBe(201);
    const stored = JSON.parse(put.buffer.toString());
    expect(stored).toMatchObject({ bytes: wav.length, sha256: sha256(wav), duration_s: 5 });
    const objects = await s3.objects();
    const row = (await database.query("select storage_key from recordings where call_id = $1", [id])).rows[0];
    expect(objects).toContainEqual({ key: `recordings/${row.storage_key}`, size: wav.length });
    // Nothing was written to either instance's folder.
    expect(() => readFileSync(path.join(a.dataDir, "recordings", row.storage_key.slice(0, 2), row.storage_key))).toThrow();

    const part = await request(b, "GET", `/api/v1/calls/${id}/recording`, { range: "bytes=1000-1999" });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 1000-1999/${wav.length}`);
    expect(part.buffer.equals(wav.subarray(1000, 2000))).toBe(true);
    const tail = await request(b, "GET", `/api/v1/calls/${id}/recording`, { range: "bytes=-100" });
    expect(tail.buffer.equals(wav.subarray(wav.length - 100))).toBe(true);
    expect((await request(b, "GET", `/api/v1/calls/${id}/recording`, { range: `bytes=${wav.length}-` })).status).toBe(416);
    const whole = await request(b, "GET", `/api/v1/calls/${id}/recording?download=1`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get("content-disposition")).toContain("attachment");
    expect(sha256(whole.buffer)).toBe(sha256(wav));
  });

  it("deletes the object when the call's content is deleted, and when a new upload replaces it", async () => {
    const id = callId("del");
    expect((await request(a, "PUT", `/api/v1/calls/${id}/recording`, { body: new Uint8Array(5000).fill(1), type: "audio/mpeg" })).status).toBe(201);
    const first = (await database.query("select storage_key from recordings where call_id = $1", [id])).rows[0].storage_key;
    // Uploaded again without asking to replace: refused, and nothing of it stays in the bucket.
    const objects = (await s3.objects()).length;
    expect((await request(b, "PUT", `/api/v1/calls/${id}/recording`, { body: new Uint8Array(6000).fill(2), type: "audio/mpeg" })).status).toBe(409);
    expect(await s3.objects()).toHaveLength(objects);
    expect((await request(b, "PUT", `/api/v1/calls/${id}/recording?replace=true`, { body: new Uint8Array(6000).fill(2), type: "audio/mpeg" })).status).toBe(
      201,
    );
    const second = (await database.query("select storage_key from recordings where call_id = $1", [id])).rows[0].storage_key;
    const keys = () => s3.objects().then((o) => o.map((x) => x.key));
    expect(await keys()).not.toContain(`recordings/${first}`);
    expect(await keys()).toContain(`recordings/${second}`);
    expect((await request(b, "DELETE", `/api/v1/calls/${id}`)).status).toBe(200);
    expect(await keys()).not.toContain(`recordings/${second}`);
    expect((await request(a, "GET", `/api/v1/calls/${id}/recording`)).status).toBe(404);
  });

  it("keeps no object in the bucket for any refused upload", async () => {
    const id = callId("refuse");
    const before = (await s3.objects()).map((o) => o.key).sort();
    const rows = async (call: string) => (await database.query("select count(*)::int as n from recordings where call_id = $1", [call])).rows[0].n;
    const streamed = (bytes: number) =>
      Readable.toWeb(
        Readable.from(
          (function* () {
            for (let sent = 0; sent < bytes; sent += 64 * 1024) yield Buffer.alloc(Math.min(64 * 1024, bytes - sent), 3);
          })(),
        ),
      ) as ReadableStream;

    // Past the limit while streaming (no length declared): the multipart upload is aborted.
    const over = await request(b, "PUT", `/api/v1/calls/${id}over/recording`, { body: streamed(B_LIMIT + 1), type: "audio/mpeg" });
    expect(over.status).toBe(413);
    expect(JSON.parse(over.buffer.toString()).error.message).toContain("RECORDING_MAX_BYTES");
    // No bytes at all, and a type that is not audio.
    expect((await request(b, "PUT", `/api/v1/calls/${id}empty/recording`, { body: streamed(0), type: "audio/mpeg" })).status).toBe(400);
    expect((await request(b, "PUT", `/api/v1/calls/${id}html/recording`, { body: new Uint8Array(100), type: "text/html" })).status).toBe(415);
    // A call with something redacted drops its recording (CALLSCOPE_REDACT_AUDIO=drop).
    const event = JSON.stringify({ type: "log", message: "my card is 4111 1111 1111 1111" });
    const events = await fetch(`${b.baseUrl}/api/v1/calls/${id}red/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_ADMIN_API_KEY}`, "content-type": "application/json" },
      body: event,
    });
    expect(events.status).toBe(200);
    expect((await request(b, "PUT", `/api/v1/calls/${id}red/recording`, { body: streamed(5000), type: "audio/mpeg" })).status).toBe(409);

    expect((await s3.objects()).map((o) => o.key).sort()).toEqual(before);
    for (const suffix of ["over", "empty", "html", "red"]) expect(await rows(`${id}${suffix}`)).toBe(0);
    // Just under the limit is stored, through the same path.
    expect((await request(b, "PUT", `/api/v1/calls/${id}under/recording`, { body: streamed(B_LIMIT), type: "audio/mpeg" })).status).toBe(201);
    expect((await s3.objects()).find((o) => o.size === B_LIMIT)).toBeDefined();
  });

  it("streams a 100 MB upload with the server's memory growing by less than 50 MB", async () => {
    const id = callId("big");
    const size = 100 * 1024 * 1024;
    const chunk = Buffer.alloc(1024 * 1024, 7);
    let sent = 0;
    const body = Readable.toWeb(
      Readable.from(
        (function* () {
          while (sent < size) {
            sent += chunk.length;
            yield chunk;
          }
        })(),
      ),
    ) as ReadableStream;
    // A running server has made multipart uploads before: the first one's one-time costs (the SDK's pools and
    // clients, the modules it loads) are not what this measures.
    expect((await request(a, "PUT", `/api/v1/calls/${id}warm/recording`, { body: new Uint8Array(12 * 1024 * 1024), type: "audio/mpeg" })).status).toBe(201);
    // What the server holds (after a full collection, sampled all along the upload), not its resident size, which
    // also counts garbage and heap the runtime has not given back and differs by Node.js line: see support/memory.ts.
    const before = await liveBytes(a);
    const { result: put, peak } = await peakLiveBytes(a, () => request(a, "PUT", `/api/v1/calls/${id}/recording`, { body, type: "audio/mpeg" }));
    expect(put.status).toBe(201);
    const expected = createHash("sha256");
    for (let i = 0; i < 100; i++) expected.update(chunk);
    expect(JSON.parse(put.buffer.toString())).toMatchObject({ bytes: size, sha256: expected.digest("hex") });
    const growthMb = (peak - before) / 1024 / 1024;
    console.log(`100 MB upload to S3: server holds +${growthMb.toFixed(1)} MB at most`);
    expect(growthMb).toBeLessThan(50);
    const objects = await s3.objects();
    expect(objects.find((o) => o.size === size)).toBeDefined();
    const end = await request(b, "GET", `/api/v1/calls/${id}/recording`, { range: `bytes=${size - 10}-${size - 1}` });
    expect(end.buffer.equals(chunk.subarray(0, 10))).toBe(true);
  }, 120_000);

  it("answers a clear error when the bucket refuses the credentials, and keeps nothing", async () => {
    const id = callId("refused");
    const before = await s3.objects();
    const put = await request(refused, "PUT", `/api/v1/calls/${id}/recording`, { body: new Uint8Array(4000), type: "audio/wav" });
    expect(put.status).toBe(503);
    expect(JSON.parse(put.buffer.toString()).error.message).toMatch(
      /could not be stored: the bucket callscope-recordings refused the request: InvalidAccessKeyId.*Nothing was kept/,
    );
    expect(await s3.objects()).toEqual(before);
    expect((await database.query("select count(*)::int as n from recordings where call_id = $1", [id])).rows[0].n).toBe(0);
    const call = (await database.query("select recording_status from calls where id = $1", [id])).rows[0];
    expect(call?.recording_status ?? "none").not.toBe("stored");
  });

  it("moves recordings kept in the data folder to the bucket, resumably", async () => {
    const local = await startStack({ env: { CONVERSATION_BACKFILL: "false" } });
    try {
      const ids = [callId("m1"), callId("m2")];
      // The second is past the 10 MB at which Next.js cuts bodies that pass through its proxy.
      const bodies = [Buffer.alloc(3000, 3), Buffer.alloc(12 * 1024 * 1024, 4)];
      for (const [i, id] of ids.entries())
        expect((await request(local, "PUT", `/api/v1/calls/${id}/recording`, { body: new Uint8Array(bodies[i]), type: "audio/mpeg" })).status).toBe(201);
      const run = () =>
        new Promise<{ code: number; out: string }>((resolve) =>
          execFile(
            process.execPath,
            ["--import", "tsx", path.resolve("scripts/recordings-migrate.ts")],
            { env: { ...process.env, DATABASE_URL: local.databaseUrl, CALLSCOPE_DATA_DIR: local.dataDir, ...s3.env() } },
            (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
          ),
        );
      const first = await run();
      expect(first.out).toContain("Done: 2 copied, 0 already there");
      expect(first.code).toBe(0);
      const again = await run();
      expect(again.out).toContain("Done: 0 copied, 2 already there");
      // An instance on the bucket serves them, byte for byte.
      const onBucket = await startStack({ env: s3.env(), sharing: local });
      try {
        for (const [i, id] of ids.entries()) {
          const got = await request(onBucket, "GET", `/api/v1/calls/${id}/recording`);
          expect(got.status).toBe(200);
          expect(got.buffer.equals(bodies[i])).toBe(true);
        }
      } finally {
        await onBucket.stop();
      }
    } finally {
      await local.stop();
    }
  }, 180_000);

  it("refuses to start with RECORDING_STORAGE=s3 and no bucket, naming the variable", async () => {
    const { parseEnv } = await import("@/lib/env");
    expect(() => parseEnv({ RECORDING_STORAGE: "s3" })).toThrow(/S3_BUCKET: required when RECORDING_STORAGE=s3/);
    expect(() => parseEnv({ RECORDING_STORAGE: "s3", S3_BUCKET: "bucket", S3_ACCESS_KEY_ID: "x" })).toThrow(/set both/);
    expect(() => parseEnv({ S3_PREFIX: "../up" })).toThrow(/S3_PREFIX/);
  });
});
