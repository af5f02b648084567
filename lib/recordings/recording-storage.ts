// The recording store the settings name: the recordings folder under the
// data folder (RECORDING_STORAGE=local, the default), or an S3-compatible
// bucket (RECORDING_STORAGE=s3). The one way to it, for the server, its
// threads and the scripts alike.
//
// One store per process and per storage configuration: the route handlers,
// server actions and background loops are separate bundles, each with its own
// copy of this module, so the stores are kept on the process (processSingleton)
// rather than in a module variable, and every caller shares one S3 client.
// They are keyed by the settings they were built from, so settings that differ
// (another folder, bucket, endpoint or key) give a store of their own, while
// the server, whose settings are read once, always gets the same one.
import path from "node:path";
import { type Env, env } from "@/lib/env";
import { processSingleton } from "@/lib/process-singleton";
import { type S3Config, s3Storage } from "./s3-storage";
import { localStorage, type RecordingStorage } from "./storage";

/** The settings a store is built from. */
export type StorageSettings = Pick<
  Env,
  | "RECORDING_STORAGE"
  | "CALLSCOPE_DATA_DIR"
  | "S3_BUCKET"
  | "S3_REGION"
  | "S3_ENDPOINT"
  | "S3_FORCE_PATH_STYLE"
  | "S3_PREFIX"
  | "S3_ACCESS_KEY_ID"
  | "S3_SECRET_ACCESS_KEY"
>;

type StorageConfig = { kind: "local"; folder: string } | ({ kind: "s3" } & S3Config);

function storageConfig(s: StorageSettings): StorageConfig {
  if (s.RECORDING_STORAGE !== "s3") return { kind: "local", folder: path.resolve(s.CALLSCOPE_DATA_DIR, "recordings") };
  return {
    kind: "s3",
    bucket: s.S3_BUCKET!,
    region: s.S3_REGION,
    endpoint: s.S3_ENDPOINT,
    forcePathStyle: s.S3_FORCE_PATH_STYLE === "true",
    prefix: s.S3_PREFIX,
    credentials: s.S3_ACCESS_KEY_ID && s.S3_SECRET_ACCESS_KEY ? { accessKeyId: s.S3_ACCESS_KEY_ID, secretAccessKey: s.S3_SECRET_ACCESS_KEY } : undefined,
  };
}

/** The store `settings` name (the process's own settings when none are given), made on first use and kept. */
export function recordingStorage(settings: StorageSettings = env()): RecordingStorage {
  const config = storageConfig(settings);
  // Built from fixed fields in a fixed order: equal settings give the same key.
  const key = JSON.stringify(config);
  const stores = processSingleton("recording-storage", () => new Map<string, RecordingStorage>());
  let store = stores.get(key);
  if (!store) {
    store = config.kind === "s3" ? s3Storage(config) : localStorage(config.folder);
    stores.set(key, store);
  }
  return store;
}
