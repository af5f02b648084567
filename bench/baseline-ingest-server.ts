// The ingest baseline: a plain node:http server that does what the webhook
// endpoint does at its core, with no framework: check the secret in constant
// time, parse the body, and in one transaction per request store the raw
// delivery, upsert the call and insert its turns.
import { callMonthOf } from "@/lib/db/call-month";
import { createHash, timingSafeEqual } from "node:crypto";
import http from "node:http";
import pg from "pg";

const [databaseUrl, port, secret] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
const secretHash = createHash("sha256").update(secret).digest();

const server = http.createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const presented = createHash("sha256")
    .update(String(req.headers["x-webhook-secret"] ?? ""))
    .digest();
  if (!timingSafeEqual(presented, secretHash)) {
    res.writeHead(401).end();
    return;
  }
  const raw = Buffer.concat(chunks).toString("utf8");
  let body;
  try {
    body = JSON.parse(raw);
  } catch {
    res.writeHead(400).end();
    return;
  }
  const client = await pool.connect();
  try {
    await client.query("begin");
    await client.query(
      "insert into webhook_deliveries (dedup_key, type, call_id, outcome, payload) values ($1, $2, $3, 'applied', $4) on conflict (dedup_key) do nothing",
      [createHash("sha256").update(raw).digest("hex"), body.type, body.request_id, raw],
    );
    await client.query(
      `insert into calls (id, agent_id, status, end_time, turn_count) values ($1, null, 'completed', $2, $3)
       on conflict (id) do update set status = excluded.status, end_time = excluded.end_time, turn_count = excluded.turn_count`,
      [body.request_id, body.timestamp, body.body.length],
    );
    await client.query(
      `insert into turns (call_id, call_month, position, role, text, start_s, end_s, start_ms, tts_ttfb, source, final)
       select $1, ${callMonthOf("$1")}, r.position, r.role, r.text, r.start_s, r.end_s, r.start_ms, r.tts_ttfb, 'body', true
       from jsonb_to_recordset($2::jsonb) as r(position int, role text, text text, start_s float8, end_s float8, start_ms bigint, tts_ttfb float8)
       on conflict (call_id, role, start_ms, call_month) do nothing`,
      [
        body.request_id,
        JSON.stringify(
          body.body.map((t: { role: string; text: string; start_timestamp: number; end_timestamp: number; tts_ttfb?: number }, i: number) => ({
            position: i,
            role: t.role,
            text: t.text,
            start_s: t.start_timestamp,
            end_s: t.end_timestamp,
            start_ms: Math.round(t.start_timestamp * 1000),
            tts_ttfb: t.tts_ttfb ?? null,
          })),
        ),
      ],
    );
    await client.query("commit");
    res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
  } catch (error) {
    await client.query("rollback").catch(() => {});
    res.writeHead(500).end(String(error));
  } finally {
    client.release();
  }
});
server.listen(Number(port), "127.0.0.1", () => process.send?.("ready"));
