// Appends log lines to a deployment, batch by batch, in one transaction per
// request, creating the deployment when it is new. Personal data in the
// messages is redacted first, by the redaction gate on its thread. Lines with
// a known external id are skipped. A request refused halfway rolls back:
// nothing of it is kept.
import type { Pool, PoolClient } from "pg";
import type { RedactionPolicy } from "@/lib/privacy/redact";
import type { Redacted } from "@/lib/privacy/redact-for-store";
import { redactForStoreOffThread } from "@/lib/privacy/redact-off-thread";

export type DeploymentLogLine = { level: string | null; message: string; time: string | null; externalId?: string };

type LogRow = { level: string | null; message: string; time: string | null; external_id: string | null };

/** Appends rows to the deployment's logs; how many were new. */
async function insertLines(client: PoolClient, deploymentId: string, source: string, rows: readonly Redacted<LogRow>[]) {
  const result = await client.query(
    `insert into deployment_logs (deployment_id, time, level, message, source, external_id)
     select $1, r.time, r.level, r.message, $2, r.external_id
     from jsonb_to_recordset($3::jsonb) as r(time timestamptz, level text, message text, external_id text)
     on conflict (deployment_id, external_id) do nothing`,
    [deploymentId, source, JSON.stringify(rows)],
  );
  return result.rowCount ?? 0;
}

export function deploymentLogWriter(pool: Pool, deploymentId: string, source: string, policy: RedactionPolicy) {
  let client: PoolClient | null = null;
  let appended = 0;

  async function end(sql: "commit" | "rollback") {
    if (!client) return;
    const held = client;
    client = null;
    try {
      await held.query(sql);
      held.release();
    } catch (error) {
      held.release(error as Error);
      throw error;
    }
  }

  return {
    async write(lines: DeploymentLogLine[]) {
      if (!lines.length) return;
      if (!client) {
        client = await pool.connect();
        await client.query("begin");
        await client.query("insert into deployments (id) values ($1) on conflict (id) do nothing", [deploymentId]);
      }
      const rows = lines.map((line): LogRow => ({ level: line.level, message: line.message, time: line.time, external_id: line.externalId ?? null }));
      const redacted = await redactForStoreOffThread(policy, rows, { text: ["message"] });
      appended += await insertLines(
        client,
        deploymentId,
        source,
        redacted.map((r) => r.row),
      );
    },
    async commit() {
      await end("commit");
      return appended;
    },
    async abort() {
      await end("rollback").catch(() => {});
    },
  };
}
