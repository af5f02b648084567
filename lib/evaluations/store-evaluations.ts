// Cartesia's evaluation metrics and their results, stored as sent (less the
// copy of the transcript and summary each result carries). Upserts: a
// result synced again, or recomputed by Cartesia, replaces the stored one.
import type { Pool } from "pg";
import { privacy, redactionPolicy } from "@/lib/privacy/privacy-settings";
import { type Redacted, redactForStore } from "@/lib/privacy/redact-for-store";
import type { MetricDefinition, MetricResult } from "@/lib/cartesia/api-client";

export async function storeMetrics(pool: Pool, metrics: MetricDefinition[]) {
  if (!metrics.length) return;
  await pool.query(
    `insert into evaluation_metrics (id, name, display_name, prompt, created_at)
     select m.id, m.name, m.display_name, m.prompt, m.created_at::timestamptz
     from jsonb_to_recordset($1::jsonb) as m(id text, name text, display_name text, prompt text, created_at text)
     on conflict (id) do update set name = excluded.name, display_name = excluded.display_name, prompt = excluded.prompt,
       created_at = excluded.created_at, synced_at = now()`,
    [
      JSON.stringify(
        metrics.map((m) => ({ id: m.id, name: m.name, display_name: m.display_name ?? null, prompt: m.prompt ?? null, created_at: m.created_at ?? null })),
      ),
    ],
  );
}

type ResultRow = {
  id: string;
  metric_id: string | null;
  metric_name: string;
  metric_display_name: string | null;
  call_id: string;
  agent_id: string | null;
  deployment_id: string | null;
  run_id: string | null;
  value: unknown;
  json_result: unknown;
  result: string | null;
  status: string;
  created_at: string | null;
};

/** Upserts results; a result stored unchanged is not written again. */
async function upsertResults(pool: Pool, rows: readonly Redacted<ResultRow>[]): Promise<number> {
  const { rowCount } = await pool.query(
    `insert into evaluation_results (id, metric_id, metric_name, metric_display_name, call_id, agent_id, deployment_id, run_id, value, json_result, result, status, created_at)
     select r.id, r.metric_id, r.metric_name, r.metric_display_name, r.call_id, r.agent_id, r.deployment_id, r.run_id,
            r.value, r.json_result, r.result, r.status, r.created_at::timestamptz
     from jsonb_to_recordset($1::jsonb) as r(id text, metric_id text, metric_name text, metric_display_name text, call_id text, agent_id text,
       deployment_id text, run_id text, value jsonb, json_result jsonb, result text, status text, created_at text)
     on conflict (call_id, id) do update set value = excluded.value, json_result = excluded.json_result, result = excluded.result, status = excluded.status,
       metric_name = excluded.metric_name, metric_display_name = excluded.metric_display_name, deployment_id = excluded.deployment_id, run_id = excluded.run_id
     where (evaluation_results.value, evaluation_results.json_result, evaluation_results.result, evaluation_results.status)
       is distinct from (excluded.value, excluded.json_result, excluded.result, excluded.status)`,
    [JSON.stringify(rows)],
  );
  return rowCount ?? 0;
}

/** Stores results; answers how many were new or changed. */
export async function storeResults(pool: Pool, results: MetricResult[]): Promise<number> {
  // An evaluation's reasoning quotes the call: personal data in it is redacted as in the transcript.
  const policy = redactionPolicy(await privacy(pool));
  const rows = results
    .filter((r) => r.id && r.callId && r.metricName)
    .map((r): ResultRow => ({
      id: r.id,
      metric_id: r.metricId ?? null,
      metric_name: r.metricName,
      metric_display_name: r.metricDisplayName ?? null,
      call_id: r.callId,
      agent_id: r.agentId ?? null,
      deployment_id: r.deploymentId ?? null,
      run_id: r.runId ?? null,
      value: r.value === undefined ? null : r.value,
      json_result: r.jsonResult ?? null,
      result: r.result ?? null,
      status: r.status ?? "completed",
      created_at: r.createdAt ?? null,
    }));
  if (!rows.length) return 0;
  return upsertResults(
    pool,
    redactForStore(policy, rows, { text: ["result"], json: ["value", "json_result"] }).map((r) => r.row),
  );
}
