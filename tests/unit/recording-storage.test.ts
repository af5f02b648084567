// The one entry to the recording store: one store per process and per
// storage configuration, shared by every copy of the module (the server's
// bundles each have their own), and errors that every copy recognises, as
// the threads' failures are too.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { parseEnv } from "@/lib/env";

/** A fresh copy of the recording modules, as another bundle of the server would hold. */
async function copy() {
  vi.resetModules();
  return {
    entry: await import("@/lib/recordings/recording-storage"),
    storage: await import("@/lib/recordings/storage"),
    s3: await import("@/lib/recordings/s3-storage"),
  };
}

const s3 = (more: Record<string, string> = {}) =>
  parseEnv({
    RECORDING_STORAGE: "s3",
    S3_BUCKET: "bucket",
    S3_ENDPOINT: "http://127.0.0.1:9",
    S3_ACCESS_KEY_ID: "KEY",
    S3_SECRET_ACCESS_KEY: "SECRET",
    ...more,
  });

describe("recordingStorage", () => {
  it("gives every copy of the module the same store for the same settings", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "callscope-store-"));
    const a = await copy();
    const b = await copy();
    expect(a.entry.recordingStorage).not.toBe(b.entry.recordingStorage);
    expect(a.entry.recordingStorage(parseEnv({ CALLSCOPE_DATA_DIR: dir }))).toBe(b.entry.recordingStorage(parseEnv({ CALLSCOPE_DATA_DIR: dir })));
    expect(a.entry.recordingStorage(s3())).toBe(b.entry.recordingStorage(s3()));
  });

  it("gives changed settings a store of their own", async () => {
    const { entry } = await copy();
    const first = entry.recordingStorage(s3());
    expect(entry.recordingStorage(s3({ S3_ACCESS_KEY_ID: "OTHER" }))).not.toBe(first);
    expect(entry.recordingStorage(s3({ S3_PREFIX: "elsewhere/" }))).not.toBe(first);
    expect(entry.recordingStorage(parseEnv({ CALLSCOPE_DATA_DIR: os.tmpdir() }))).not.toBe(first);
    expect(entry.recordingStorage(s3())).toBe(first);
  });

  it("throws errors that another copy of the module recognises, and only as what they are", async () => {
    const a = await copy();
    const b = await copy();
    expect(a.storage.TooLargeError).not.toBe(b.storage.TooLargeError);
    const tooLarge = new a.storage.TooLargeError(10);
    const refused = new a.s3.StorageError("the bucket refused");
    expect(tooLarge).toBeInstanceOf(b.storage.TooLargeError);
    expect(tooLarge).toBeInstanceOf(Error);
    expect(tooLarge.limit).toBe(10);
    expect(refused).toBeInstanceOf(b.s3.StorageError);
    expect(refused).not.toBeInstanceOf(b.storage.TooLargeError);
    expect(tooLarge).not.toBeInstanceOf(b.s3.StorageError);
    expect(new Error("other")).not.toBeInstanceOf(b.s3.StorageError);
    expect(null).not.toBeInstanceOf(b.s3.StorageError);
  });

  it("puts a store's too-large refusal through as one that another copy recognises", async () => {
    const a = await copy();
    const b = await copy();
    const dir = mkdtempSync(path.join(os.tmpdir(), "callscope-store-"));
    const store = a.entry.recordingStorage(parseEnv({ CALLSCOPE_DATA_DIR: dir }));
    const { Readable } = await import("node:stream");
    const key = a.storage.recordingKey("call", "wav");
    const error = await store.put(key, Readable.from([Buffer.alloc(100)]), 10).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(b.storage.TooLargeError);
  });
});

describe("errors of values made once per process", () => {
  it("the ingest and redaction threads' failures are recognised by another copy of their modules", async () => {
    vi.resetModules();
    const a = { redact: await import("@/lib/privacy/redact-off-thread"), ingest: await import("@/lib/ingest/cartesia-webhook/ingest-thread-client") };
    vi.resetModules();
    const b = { redact: await import("@/lib/privacy/redact-off-thread"), ingest: await import("@/lib/ingest/cartesia-webhook/ingest-thread-client") };
    expect(a.redact.RedactionThreadFailed).not.toBe(b.redact.RedactionThreadFailed);
    expect(new a.redact.RedactionThreadFailed("stopped")).toBeInstanceOf(b.redact.RedactionThreadFailed);
    expect(new a.ingest.IngestThreadFailed("stopped")).toBeInstanceOf(b.ingest.IngestThreadFailed);
    expect(new a.ingest.IngestThreadFailed("stopped")).not.toBeInstanceOf(b.redact.RedactionThreadFailed);
    expect(new Error("stopped")).not.toBeInstanceOf(b.ingest.IngestThreadFailed);
  });
});
