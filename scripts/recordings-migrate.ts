// npm run recordings:migrate - copies the recordings kept in the data folder
// to the S3-compatible bucket that RECORDING_STORAGE=s3 and S3_* name, under
// the same keys, so the database needs no change. Resumable: a recording
// already in the bucket with its size is skipped, so a run that stopped
// halfway is simply run again. Each copy is checked against the sha256
// recorded when it was stored. The local files are left for you to delete.
import path from "node:path";
import pg from "pg";
import { parseEnv } from "@/lib/env";
import { openDatabase } from "@/lib/db/open-database";
import { recordingStorage } from "@/lib/recordings/recording-storage";
import { localStorage } from "@/lib/recordings/storage";

const settings = parseEnv(process.env);
if (settings.RECORDING_STORAGE !== "s3") {
  console.error("Set RECORDING_STORAGE=s3 and the S3_* variables of the bucket to copy the recordings to (see docs/configuration.md).");
  process.exit(2);
}
const source = localStorage(path.resolve(settings.CALLSCOPE_DATA_DIR, "recordings"));
const target = recordingStorage(settings);
const database = await openDatabase();
const client = new pg.Client({ connectionString: database.url });
await client.connect();
const counts = { copied: 0, skipped: 0, missing: 0, failed: 0 };
try {
  const { rows } = await client.query("select count(*)::int as n from recordings");
  console.log(`${rows[0].n} recordings to check, to s3://${settings.S3_BUCKET}/${settings.S3_PREFIX}`);
  let after = "";
  for (;;) {
    const page = await client.query("select call_id, storage_key, bytes::text, sha256 from recordings where call_id > $1 order by call_id limit 500", [after]);
    if (!page.rows.length) break;
    for (const r of page.rows) {
      after = r.call_id;
      const bytes = Number(r.bytes);
      const local = await source.size(r.storage_key);
      if (local === null) {
        counts.missing++;
        console.error(`  ${r.call_id}: no local file ${r.storage_key}${(await target.size(r.storage_key)) === bytes ? " (already in the bucket)" : ""}`);
        continue;
      }
      if ((await target.size(r.storage_key)) === bytes) {
        counts.skipped++;
        continue;
      }
      try {
        const stored = await target.put(r.storage_key, source.get(r.storage_key), Number.MAX_SAFE_INTEGER);
        if (stored.sha256 !== r.sha256) throw new Error(`sha256 ${stored.sha256} differs from the recorded ${r.sha256}`);
        counts.copied++;
      } catch (error) {
        counts.failed++;
        await target.remove(r.storage_key).catch(() => {});
        console.error(`  ${r.call_id}: ${(error as Error).message}`);
      }
    }
    console.log(`  ${counts.copied} copied, ${counts.skipped} already there, ${counts.missing} missing, ${counts.failed} failed`);
  }
} finally {
  await client.end();
  await database.stop();
}
console.log(
  `Done: ${counts.copied} copied, ${counts.skipped} already there, ${counts.missing} without a local file, ${counts.failed} failed.` +
    (counts.failed ? " Run it again to retry them." : " Start Callscope with RECORDING_STORAGE=s3; the local files can then be deleted."),
);
process.exit(counts.failed ? 1 : 0);
