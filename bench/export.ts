// Bulk transcript export: 10,000 calls (20 turns each) streamed as JSON
// Lines and as CSV through the production build, with the server's peak
// memory growth (goal: under 100 MB); and in the same run the time of plain
// SQL reading the same turns.
import pg from "pg";
import { seed } from "./seed";
import { freshDatabase, startApp } from "./start-app";
import { peakRss, round, stop, timed, writeResult } from "./support";

const KEY = "cs_bench_member_key_0123456789";

export async function runExport(calls = 10_000) {
  const database = await freshDatabase("bench-export-", [{ role: "member", value: KEY }]);
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await seed(client, { calls, turnsPerCall: 20, agents: 3, deploymentsPerAgent: 2 }, () => {});
    const [, plainMs] = await timed(() =>
      client.query("select c.id, t.* from calls c join turns t on t.call_id = c.id order by c.sort_time desc, c.id desc, t.start_s"),
    );

    const { app, base } = await startApp(database);
    const stream = (format: string) =>
      peakRss(app.pid!, async () => {
        const start = performance.now();
        const res = await fetch(`${base}/api/v1/transcripts?format=${format}`, { headers: { authorization: `Bearer ${KEY}` } });
        let bytes = 0;
        let lines = 0;
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          bytes += chunk.length;
          for (const b of chunk) if (b === 10) lines++;
        }
        return { status: res.status, bytes, lines, ms: performance.now() - start };
      });
    // Warm-up: the route's modules load on their first request, which is not what this measures.
    for (const format of ["jsonl", "csv"])
      await (await fetch(`${base}/api/v1/transcripts?format=${format}&agent_id=none`, { headers: { authorization: `Bearer ${KEY}` } })).text();
    const jsonl = await stream("jsonl");
    const csv = await stream("csv");
    await stop(app);
    const describe = (r: Awaited<ReturnType<typeof stream>>) => ({
      status: r.value.status,
      mb: round(r.value.bytes / 1048576, 1),
      lines: r.value.lines,
      seconds: round(r.value.ms / 1000, 2),
      rss_growth_mb: round((r.peak - r.before) / 1048576, 1),
    });
    const result = { calls, jsonl: describe(jsonl), csv: describe(csv), plain_sql_read_seconds: round(plainMs / 1000, 2) };
    console.log(
      `export of ${calls} calls: JSON Lines ${result.jsonl.mb} MB in ${result.jsonl.seconds} s (+${result.jsonl.rss_growth_mb} MB server memory), ` +
        `CSV ${result.csv.mb} MB in ${result.csv.seconds} s (+${result.csv.rss_growth_mb} MB); plain SQL reading the same turns: ${result.plain_sql_read_seconds} s`,
    );
    console.log(`  written to ${writeResult("export", result)}`);
    return result;
  } finally {
    await client.end();
    await database.stop();
  }
}
