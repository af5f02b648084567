// The debug bundle as a zip, streamed: the text files are small and built in
// memory; the recording is piped from storage into the zip as the client reads
// it (yazl follows the stream's backpressure), so a large recording never sits
// in memory. Recordings are stored, not deflated: audio barely compresses and
// deflating hundreds of megabytes would only cost CPU.
import { Readable } from "node:stream";
import yazl from "yazl";
import type { RecordingStorage } from "@/lib/recordings/storage";
import { bundleFiles, type CallBundle, readmeText } from "./get-call-bundle";

export type BundleRecording = { key: string; bytes: number; extension: string } | null;

export const bundleFolder = (callId: string) => `callscope-${callId.replace(/[^A-Za-z0-9._-]/g, "_")}`;

export function streamBundle(bundle: CallBundle, storage: RecordingStorage, recording: BundleRecording, recordingNote: string): Readable {
  const zip = new yazl.ZipFile();
  const folder = bundleFolder(bundle.call.id);
  const mtime = new Date();
  const files = bundleFiles(bundle);
  const recordingName = recording ? `recording.${recording.extension}` : null;
  for (const file of files) zip.addBuffer(Buffer.from(file.content, "utf8"), `${folder}/${file.name}`, { mtime });
  zip.addBuffer(Buffer.from(readmeText(bundle, files, recordingName, recordingNote), "utf8"), `${folder}/README.txt`, { mtime });
  if (recording && recordingName) {
    zip.addReadStream(storage.get(recording.key), `${folder}/${recordingName}`, { mtime, compress: false, size: recording.bytes });
  }
  zip.end();
  return zip.outputStream as Readable;
}
