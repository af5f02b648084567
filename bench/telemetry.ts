// Telemetry ingest: events per second in batches of 100 (NDJSON, 50
// connections) through the production build, against the same inserts made
// directly through plain pg in the same run; and the server's memory while a
// 100 MB recording uploads.
import { callMonthOf } from "@/lib/db/call-month";
import autocannon from "autocannon";
import pg from "pg";
import { freshDatabase, startApp } from "./start-app";
import { audioBody, peakRss, round, stop, writeResult } from "./support";

const KEY = "cs_bench_ingest_key_0123456789";
const BATCH = 100;

function batch(n: number) {
  return Array.from({ length: BATCH }, (_, i) =>
    JSON.stringify(
      i % 2
        ? { type: "log_metric", name: "lookup_ms", value: i, timestamp: i / 10 }
        : { type: "log_event", event: "step", metadata: { n, i }, timestamp: i / 10 },
    ),
  ).join("\n");
}

async function plainInserts(url: string, seconds: number) {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const end = Date.now() + seconds * 1000;
  let batches = 0;
  await Promise.all(
    Array.from({ length: 10 }, async (_, w) => {
      for (let n = 0; Date.now() < end; n++) {
        const callId = `MZplain${w}x${n % 500}`;
        const rows = Array.from({ length: BATCH }, (_, i) => ({
          call_id: callId,
          kind: i % 2 ? "log_metric" : "log_event",
          name: i % 2 ? "lookup_ms" : "step",
          value: i % 2 ? i : null,
          metadata: i % 2 ? null : { n, i },
          offset_s: i / 10,
        }));
        const client = await pool.connect();
        try {
          await client.query("begin");
          await client.query("insert into calls (id) values ($1) on conflict (id) do nothing", [callId]);
          await client.query(
            `insert into call_events (call_id, call_month, kind, name, value, metadata, offset_s, source)
             select r.call_id, ${callMonthOf("r.call_id")}, r.kind, r.name, r.value, r.metadata, r.offset_s, 'telemetry'
             from jsonb_to_recordset($1::jsonb) as r(call_id text, kind text, name text, value jsonb, metadata jsonb, offset_s float8)`,
            [JSON.stringify(rows)],
          );
          await client.query("commit");
          batches++;
        } finally {
          client.release();
        }
      }
    }),
  );
  await pool.end();
  return round((batches * BATCH) / seconds, 0);
}

export async function runTelemetry(seconds = 10) {
  const database = await freshDatabase("bench-telemetry-", [{ role: "ingest", value: KEY }]);
  try {
    const baseline = await plainInserts(database.url, seconds);
    const { app, base } = await startApp(database, { RECORDING_MAX_BYTES: String(200 * 1024 * 1024) });
    let n = 0;
    const load = await autocannon({
      url: base,
      connections: 50,
      duration: seconds,
      requests: [
        {
          method: "POST",
          headers: { "content-type": "application/x-ndjson", authorization: `Bearer ${KEY}` },
          setupRequest: (req) => ({ ...req, path: `/api/v1/calls/MZtelemetry${n % 500}/events`, body: batch(n++) }),
        },
      ],
    });
    const eventsPerS = round(load.requests.average * BATCH, 0);

    // 100 MB of audio, produced while it is sent, so the client holds no copy of it either.
    const body = audioBody(100 * 1024 * 1024);
    const upload = await peakRss(app.pid!, async () => {
      const res = await fetch(`${base}/api/v1/calls/MZbigupload/recording`, {
        method: "PUT",
        headers: { "content-type": "audio/mpeg", authorization: `Bearer ${KEY}` },
        body,
        duplex: "half",
      } as RequestInit);
      return { status: res.status, json: await res.json() };
    });
    await stop(app);
    const growthMb = round((upload.peak - upload.before) / 1024 / 1024, 1);
    const result = {
      seconds,
      batch: BATCH,
      callscope_events_per_s: eventsPerS,
      callscope_errors: load.errors + load.non2xx,
      baseline_plain_pg_events_per_s: baseline,
      ratio: round(eventsPerS / baseline, 2),
      upload_100mb: {
        status: upload.value.status,
        bytes: upload.value.json.bytes,
        rss_before_mb: round(upload.before / 1048576, 1),
        rss_peak_mb: round(upload.peak / 1048576, 1),
        growth_mb: growthMb,
      },
    };
    console.log(
      `telemetry: ${eventsPerS} events/s through Callscope (${result.callscope_errors} errors) vs ${baseline}/s plain pg (×${result.ratio}); 100 MB upload: status ${upload.value.status}, server memory +${growthMb} MB`,
    );
    console.log(`  written to ${writeResult("telemetry", result)}`);
    return result;
  } finally {
    await database.stop();
  }
}
