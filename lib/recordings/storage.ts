// Where recordings live. The local filesystem under the data folder by
// default; the interface is small so an S3-compatible store can take its
// place. Keys are made by Callscope from the call id's hash: nothing from a
// request becomes a path.
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { processWideError } from "@/lib/process-singleton";

export type StoredObject = { bytes: number; sha256: string; head: Buffer };

export type RecordingStorage = {
  /** Streams `body` into the store under `key`, refusing it past `limit` bytes. */
  put(key: string, body: Readable, limit: number): Promise<StoredObject>;
  /** A stream of bytes start..end (inclusive). */
  get(key: string, range?: { start: number; end: number }): Readable;
  size(key: string): Promise<number | null>;
  remove(key: string): Promise<void>;
};

export class TooLargeError extends processWideError("TooLargeError") {
  constructor(readonly limit: number) {
    super(`larger than ${limit} bytes`);
  }
}

/**
 * A new key for each upload of a call's recording: the call id's hash and a
 * random part, so that an upload never writes over the recording it may
 * replace. (Keys without the random part, from earlier versions, stay valid.)
 */
export function recordingKey(callId: string, extension: string): string {
  return `${createHash("sha256").update(callId).digest("hex")}-${randomBytes(8).toString("hex")}.${extension}`;
}

const HEAD_BYTES = 64 * 1024;
const KEY = /^[a-f0-9]{64}(-[a-f0-9]{16})?\.[a-z0-9]{2,5}$/;

/** Refuses a key Callscope did not make: nothing from a request becomes a path or an object name. */
export function checkedKey(key: string): string {
  if (!KEY.test(key)) throw new Error("invalid storage key");
  return key;
}

/**
 * A pass-through stream that counts, hashes and keeps the first bytes of what
 * goes through it, failing with TooLargeError past `limit`: both stores put
 * their uploads through one.
 */
export function meter(limit: number) {
  const hash = createHash("sha256");
  const head: Buffer[] = [];
  let bytes = 0;
  let headBytes = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (bytes > limit) return callback(new TooLargeError(limit));
      hash.update(chunk);
      if (headBytes < HEAD_BYTES) {
        head.push(chunk.subarray(0, HEAD_BYTES - headBytes));
        headBytes += Math.min(chunk.length, HEAD_BYTES - headBytes);
      }
      callback(null, chunk);
    },
  });
  return { stream, stored: (): StoredObject => ({ bytes, sha256: hash.digest("hex"), head: Buffer.concat(head) }) };
}

export function localStorage(root: string): RecordingStorage {
  const file = (key: string) => path.join(root, key.slice(0, 2), checkedKey(key));
  return {
    async put(key, body, limit) {
      const target = file(key);
      await mkdir(path.dirname(target), { recursive: true });
      const temporary = `${target}.${randomBytes(6).toString("hex")}.part`;
      const measured = meter(limit);
      try {
        await pipeline(body, measured.stream, createWriteStream(temporary));
        await rename(temporary, target);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
      return measured.stored();
    },
    get(key, range) {
      return createReadStream(file(key), range ? { start: range.start, end: range.end } : undefined);
    },
    async size(key) {
      try {
        return (await stat(file(key))).size;
      } catch {
        return null;
      }
    },
    async remove(key) {
      await rm(file(key), { force: true });
    },
  };
}
