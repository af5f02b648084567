// The debug bundle of a call with a 200 MB recording, streamed through the
// production build: the server's peak memory growth while the zip is read
// (goal: under 64 MB, flat in the recording's size), against the growth while
// the same recording alone is downloaded in the same run, and both speeds.
import { freshDatabase, startApp } from "./start-app";
import { audioBody, peakRss, round, stop, writeResult } from "./support";

const KEY = "cs_bench_admin_key_0123456789";
const CALL = "MZbenchbundle";
const SIZE = 200 * 1024 * 1024;
const GOAL_MB = 64;

export async function runBundle() {
  const database = await freshDatabase("bench-bundle-", [{ role: "admin", value: KEY }]);
  try {
    const { app, base } = await startApp(database);
    const headers = { authorization: `Bearer ${KEY}` };

    // 200 MB of audio, produced while it is sent.
    const put = await fetch(`${base}/api/v1/calls/${CALL}/recording`, {
      method: "PUT",
      headers: { ...headers, "content-type": "audio/mpeg" },
      body: audioBody(SIZE),
      duplex: "half",
    } as RequestInit);
    if (put.status !== 201) throw new Error(`upload answered ${put.status}: ${await put.text()}`);

    const read = (url: string) =>
      peakRss(app.pid!, async () => {
        const start = performance.now();
        const res = await fetch(url, { headers });
        let bytes = 0;
        for await (const part of res.body as unknown as AsyncIterable<Uint8Array>) bytes += part.length;
        return { status: res.status, bytes, ms: performance.now() - start };
      });
    // Warm-up: each route's modules load on its first request, which is not what this measures.
    await (await fetch(`${base}/api/v1/calls/${CALL}/bundle?recording=false`, { headers })).arrayBuffer();
    await (await fetch(`${base}/api/v1/calls/${CALL}/recording`, { headers: { ...headers, range: "bytes=0-0" } })).arrayBuffer();
    const recording = await read(`${base}/api/v1/calls/${CALL}/recording`);
    const bundle = await read(`${base}/api/v1/calls/${CALL}/bundle`);
    await stop(app);
    const describe = (r: Awaited<ReturnType<typeof read>>) => ({
      status: r.value.status,
      mb: round(r.value.bytes / 1048576, 1),
      seconds: round(r.value.ms / 1000, 2),
      mb_per_s: round(r.value.bytes / 1048576 / (r.value.ms / 1000), 0),
      rss_growth_mb: round((r.peak - r.before) / 1048576, 1),
    });
    const result = { recording_mb: SIZE / 1048576, goal_rss_growth_mb: GOAL_MB, bundle: describe(bundle), baseline_recording_download: describe(recording) };
    console.log(
      `bundle: ${result.bundle.mb} MB zip in ${result.bundle.seconds} s (${result.bundle.mb_per_s} MB/s), server memory +${result.bundle.rss_growth_mb} MB (goal under ${GOAL_MB} MB); ` +
        `baseline, the recording alone: ${result.baseline_recording_download.seconds} s, +${result.baseline_recording_download.rss_growth_mb} MB`,
    );
    console.log(`  written to ${writeResult("bundle", result)}`);
    return result;
  } finally {
    await database.stop();
  }
}
