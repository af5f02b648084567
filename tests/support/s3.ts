// A real S3 API server for the tests: s3rver, on a free port, storing in a
// temporary folder, with one bucket. It refuses an access key it does not
// know (its only one is S3RVER); it does not check V4 signatures.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import S3rver from "s3rver";
import { freePort } from "../../lib/db/embedded-postgres";

export const S3_KEY = "S3RVER";

export async function startS3(bucket = "callscope-recordings") {
  const directory = mkdtempSync(path.join(os.tmpdir(), "s3rver-"));
  const port = await freePort();
  const server = new S3rver({ port, address: "127.0.0.1", directory, silent: true, configureBuckets: [{ name: bucket, configs: [] }] });
  await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({ region: "us-east-1", endpoint, forcePathStyle: true, credentials: { accessKeyId: S3_KEY, secretAccessKey: S3_KEY } });
  return {
    endpoint,
    bucket,
    /** what an instance needs to keep its recordings there */
    env: (accessKeyId = S3_KEY): Record<string, string> => ({
      RECORDING_STORAGE: "s3",
      S3_BUCKET: bucket,
      S3_ENDPOINT: endpoint,
      S3_FORCE_PATH_STYLE: "true",
      S3_ACCESS_KEY_ID: accessKeyId,
      S3_SECRET_ACCESS_KEY: S3_KEY,
    }),
    /** the names of the objects in the bucket, with their sizes */
    objects: async () => {
      const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
      return (listed.Contents ?? []).map((o) => ({ key: o.Key!, size: o.Size! }));
    },
    stop: async () => {
      client.destroy();
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
