import "server-only";
import { type RecordingStorage, storageFromEnv } from "./storage";

let storage: RecordingStorage | undefined;

export function recordingStorage(): RecordingStorage {
  storage ??= storageFromEnv();
  return storage;
}
