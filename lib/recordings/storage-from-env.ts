// The recording store the environment names: the recordings folder under
// the data folder (RECORDING_STORAGE=local, the default), or an
// S3-compatible bucket (RECORDING_STORAGE=s3). One per process.
import path from "node:path";
import { env } from "@/lib/env";
import { s3Storage } from "./s3-storage";
import { localStorage, type RecordingStorage } from "./storage";

let fromEnv: RecordingStorage | undefined;

export function storageFromEnv(): RecordingStorage {
  const e = env();
  fromEnv ??=
    e.RECORDING_STORAGE === "s3"
      ? s3Storage({
          bucket: e.S3_BUCKET!,
          region: e.S3_REGION,
          endpoint: e.S3_ENDPOINT,
          forcePathStyle: e.S3_FORCE_PATH_STYLE === "true",
          prefix: e.S3_PREFIX,
          credentials: e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY ? { accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY } : undefined,
        })
      : localStorage(path.resolve(e.CALLSCOPE_DATA_DIR, "recordings"));
  return fromEnv;
}
