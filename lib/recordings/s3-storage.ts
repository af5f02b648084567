// Recordings in an S3-compatible bucket (AWS S3, MinIO, R2, GCS interop and
// others), behind the same small interface as the local folder. Uploads
// stream as multipart uploads (lib-storage's Upload: parts of 5 MB, one in
// flight), so memory stays bounded whatever the size; a failed or refused
// upload is aborted, leaving no object. Reads pass the Range through.
// Checksums are sent only where S3 requires them: many S3-compatible servers
// refuse the SDK's default trailing checksums.
import { PassThrough, type Readable } from "node:stream";
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { processWideError } from "@/lib/process-singleton";
import { checkedKey, meter, type RecordingStorage } from "./storage";

export type S3Config = {
  bucket: string;
  region: string;
  endpoint?: string;
  forcePathStyle: boolean;
  /** the folder of the bucket the recordings go in, ending in "/" (or empty) */
  prefix: string;
  /** without them, the SDK's own chain: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile, an instance role */
  credentials?: { accessKeyId: string; secretAccessKey: string };
};

/**
 * S3's smallest part, one in flight while the next is gathered: lib-storage
 * copies each part twice as it gathers it, and with two in flight a 100 MB
 * upload grew the server by 46 MB against 17 MB with one.
 */
const PART_BYTES = 5 * 1024 * 1024;

/** An error the bucket answered, in words a person can act on. */
export class StorageError extends processWideError("StorageError") {}

function explain(error: unknown, bucket: string): Error {
  if (error instanceof S3ServiceException) {
    return new StorageError(
      `the bucket ${bucket} refused the request: ${error.name}${error.message && error.message !== error.name ? ` (${error.message})` : ""}`,
    );
  }
  return error as Error;
}

export function s3Storage(config: S3Config): RecordingStorage {
  const client = new S3Client({
    region: config.region,
    endpoint: config.endpoint,
    forcePathStyle: config.forcePathStyle,
    credentials: config.credentials,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  const name = (key: string) => `${config.prefix}${checkedKey(key)}`;
  const Bucket = config.bucket;

  return {
    async put(key, body, limit) {
      const measured = meter(limit);
      const upload = new Upload({
        client,
        params: { Bucket, Key: name(key), Body: measured.stream },
        partSize: PART_BYTES,
        queueSize: 1,
        leavePartsOnError: false,
      });
      // A body past the limit (or one that breaks) stops the upload; the multipart upload is aborted.
      const failed = new Promise<never>((_, reject) => {
        const stop = (error: Error) => {
          void upload.abort().catch(() => {});
          reject(error);
        };
        body.once("error", stop);
        measured.stream.once("error", stop);
      });
      body.pipe(measured.stream);
      try {
        await Promise.race([upload.done(), failed]);
      } catch (error) {
        body.unpipe(measured.stream);
        body.resume();
        throw explain(error, Bucket);
      }
      return measured.stored();
    },
    get(key, range) {
      const out = new PassThrough();
      client
        .send(new GetObjectCommand({ Bucket, Key: name(key), Range: range ? `bytes=${range.start}-${range.end}` : undefined }))
        .then((answer) => {
          const stream = answer.Body as Readable;
          stream.on("error", (error) => out.destroy(error));
          stream.pipe(out);
        })
        .catch((error) => out.destroy(explain(error, Bucket)));
      return out;
    },
    async size(key) {
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket, Key: name(key) }));
        return head.ContentLength ?? null;
      } catch (error) {
        if (error instanceof S3ServiceException && (error.name === "NotFound" || error.$metadata.httpStatusCode === 404)) return null;
        throw explain(error, Bucket);
      }
    },
    async remove(key) {
      try {
        await client.send(new DeleteObjectCommand({ Bucket, Key: name(key) }));
      } catch (error) {
        throw explain(error, Bucket);
      }
    },
  };
}
