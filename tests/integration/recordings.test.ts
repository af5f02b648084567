import { createHash } from "node:crypto";
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { synthesizeWav } from "@/lib/demo/synthesize-wav";
import { query } from "../support/db";
import { api, newCallId } from "../support/http";

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const wav = synthesizeWav([{ role: "assistant", startS: 0.5, endS: 2 }], 3.25);

describe("recordings", () => {
  it("round-trips byte for byte, records sha256 and WAV duration, and marks the call", async () => {
    const id = newCallId();
    const put = await api("PUT", `/api/v1/calls/${id}/recording`, { body: new Uint8Array(wav), type: "audio/wav" });
    expect(put.status).toBe(201);
    expect(put.json).toMatchObject({ bytes: wav.length, sha256: sha(wav), duration_s: 3.25 });
    const get = await api("GET", `/api/v1/calls/${id}/recording?download=1`);
    expect(get.status).toBe(200);
    expect(sha(get.buffer)).toBe(sha(wav));
    expect(get.headers.get("content-type")).toBe("audio/wav");
    expect(get.buffer.length).toBe(wav.length);
    expect(get.headers.get("accept-ranges")).toBe("bytes");
    expect(get.headers.get("content-disposition")).toBe(`attachment; filename="${id}.wav"`);
    const [call] = await query("select recording_status from calls where id = $1", [id]);
    expect(call.recording_status).toBe("stored");
  });

  it("answers Range requests: first bytes, middle, suffix, and 416 past the end", async () => {
    const id = newCallId();
    await api("PUT", `/api/v1/calls/${id}/recording`, { body: new Uint8Array(wav), type: "audio/wav" });
    const range = (value: string) => api("GET", `/api/v1/calls/${id}/recording`, { headers: { range: value } });
    const first = await range("bytes=0-99");
    expect(first.status).toBe(206);
    expect(first.buffer.equals(wav.subarray(0, 100))).toBe(true);
    expect(first.headers.get("content-range")).toBe(`bytes 0-99/${wav.length}`);
    const middle = await range("bytes=1000-1999");
    expect(middle.buffer.equals(wav.subarray(1000, 2000))).toBe(true);
    const suffix = await range("bytes=-500");
    expect(suffix.buffer.equals(wav.subarray(wav.length - 500))).toBe(true);
    const open = await range(`bytes=${wav.length - 10}-`);
    expect(open.buffer.equals(wav.subarray(wav.length - 10))).toBe(true);
    const past = await range(`bytes=${wav.length + 10}-`);
    expect(past.status).toBe(416);
    expect(past.headers.get("content-range")).toBe(`bytes */${wav.length}`);
  });

  it("keeps a recording uploaded again unless an admin key asks to replace it", async () => {
    const id = newCallId();
    await api("PUT", `/api/v1/calls/${id}/recording`, { body: new Uint8Array(wav), type: "audio/wav" });
    const other = Buffer.from("ID3 not really an mp3 but bytes are bytes");
    expect((await api("PUT", `/api/v1/calls/${id}/recording`, { body: new Uint8Array(other), type: "audio/mpeg" })).status).toBe(409);
    expect(sha((await api("GET", `/api/v1/calls/${id}/recording`)).buffer)).toBe(sha(wav));
    expect((await api("PUT", `/api/v1/calls/${id}/recording?replace=true`, { body: new Uint8Array(other), type: "audio/mpeg" })).status).toBe(201);
    const get = await api("GET", `/api/v1/calls/${id}/recording`);
    expect(get.buffer.equals(other)).toBe(true);
    expect(get.headers.get("content-type")).toBe("audio/mpeg");
  });

  it("refuses wrong content types, empty bodies, missing keys and unknown calls", async () => {
    const id = newCallId();
    expect((await api("PUT", `/api/v1/calls/${id}/recording`, { body: "x", type: "text/plain" })).status).toBe(415);
    expect((await api("PUT", `/api/v1/calls/${id}/recording`, { body: new Uint8Array(0), type: "audio/wav" })).status).toBe(400);
    expect((await api("PUT", `/api/v1/calls/${id}/recording`, { body: new Uint8Array(wav), type: "audio/wav", key: null })).status).toBe(401);
    expect((await api("GET", `/api/v1/calls/${newCallId()}/recording`)).status).toBe(404);
  });

  it("keeps the stored recording playable when a later upload is refused (empty, too large, wrong type)", async () => {
    const id = newCallId();
    expect((await api("PUT", `/api/v1/calls/${id}/recording`, { body: new Uint8Array(wav), type: "audio/wav" })).status).toBe(201);
    expect((await api("PUT", `/api/v1/calls/${id}/recording?replace=true`, { body: new Uint8Array(0), type: "audio/wav" })).status).toBe(400);
    expect((await api("PUT", `/api/v1/calls/${id}/recording?replace=true`, { body: "x", type: "text/plain" })).status).toBe(415);
    expect((await api("PUT", `/api/v1/calls/${id}/recording`, { body: new Uint8Array(wav), type: "audio/wav" })).status).toBe(409);
    const get = await api("GET", `/api/v1/calls/${id}/recording`);
    expect(get.status).toBe(200);
    expect(sha(get.buffer)).toBe(sha(wav));
    const [row] = await query("select r.sha256, c.recording_status from recordings r join calls c on c.id = r.call_id where r.call_id = $1", [id]);
    expect(row).toEqual({ sha256: sha(wav), recording_status: "stored" });
  });

  it("ends concurrent uploads of one call with exactly one complete recording whose row matches its bytes", async () => {
    const id = newCallId();
    const bodies = Array.from({ length: 6 }, (_, i) => synthesizeWav([{ role: "assistant", startS: 0.1 * i, endS: 1 + 0.1 * i }], 2 + i * 0.25));
    const puts = await Promise.all(
      bodies.map((body) => api("PUT", `/api/v1/calls/${id}/recording?replace=true`, { body: new Uint8Array(body), type: "audio/wav" })),
    );
    expect(puts.map((p) => p.status)).toEqual(bodies.map(() => 201));
    const [row] = await query("select sha256, bytes::int as bytes, storage_key from recordings where call_id = $1", [id]);
    const get = await api("GET", `/api/v1/calls/${id}/recording`);
    expect(get.status).toBe(200);
    expect(sha(get.buffer)).toBe(row.sha256);
    expect(get.buffer.length).toBe(row.bytes);
    expect(bodies.map(sha)).toContain(row.sha256);
    // The replaced uploads' files are gone: only the current one is on disk.
    const dir = path.join(inject("dataDir"), "recordings", row.storage_key.slice(0, 2));
    const prefix = row.storage_key.slice(0, 64);
    expect(readdirSync(dir).filter((f) => f.startsWith(prefix))).toEqual([row.storage_key]);
  });

  it("stores a WAV whose fmt chunk crosses the end of the header bytes, without a duration, and serves it", async () => {
    const id = newCallId();
    // A padding chunk puts the fmt chunk's header 16 bytes before the end of the first 64 KiB.
    const pad = Buffer.alloc(8 + (65536 - 16 - 12 - 8));
    pad.write("LIST", 0, "ascii");
    pad.writeUInt32LE(pad.length - 8, 4);
    const body = Buffer.concat([wav.subarray(0, 12), pad, wav.subarray(12)]);
    body.writeUInt32LE(body.length - 8, 4);
    const put = await api("PUT", `/api/v1/calls/${id}/recording`, { body: new Uint8Array(body), type: "audio/wav" });
    expect(put.status).toBe(201);
    expect(put.json.duration_s).toBeNull();
    expect(sha((await api("GET", `/api/v1/calls/${id}/recording`)).buffer)).toBe(sha(body));
    const [row] = await query("select storage_key from recordings where call_id = $1", [id]);
    const dir = path.join(inject("dataDir"), "recordings", row.storage_key.slice(0, 2));
    expect(readdirSync(dir).filter((f) => f.startsWith(row.storage_key.slice(0, 64)))).toEqual([row.storage_key]);
  });
});
