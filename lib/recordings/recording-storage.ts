import "server-only";
import type { RecordingStorage } from "./storage";
import { storageFromEnv } from "./storage-from-env";

let storage: RecordingStorage | undefined;

export function recordingStorage(): RecordingStorage {
  storage ??= storageFromEnv();
  return storage;
}
