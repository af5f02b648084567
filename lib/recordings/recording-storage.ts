import "server-only";
import path from "node:path";
import { env } from "@/lib/env";
import { localStorage, type RecordingStorage } from "./storage";

let storage: RecordingStorage | undefined;

export function recordingStorage(): RecordingStorage {
  storage ??= localStorage(path.resolve(env().CALLSCOPE_DATA_DIR, "recordings"));
  return storage;
}
