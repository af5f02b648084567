// Cartesia's evaluations read back: a call's results, and per metric the
// pass rate (metrics whose values are true or false) or the mean (numeric
// values) of each agent and each deployment, with each deployment compared
// to the previous deployment of the same agent by a bootstrap interval, as
// latency is.
import type { Pool } from "pg";
import { mulberry32, type Shift } from "@/lib/latency/compare-deployments";

export type CallEvaluation = {
  metricName: string;
  displayName: string | null;
  value: unknown;
  status: string;
  result: string | null;
  jsonResult: unknown;
  runId: string | null;
  createdAt: Date | null;
};

export async function callEvaluations(pool: Pool, callId: string): Promise<CallEvaluation[]> {
  const { rows } = await pool.query(
    `select r.metric_name, coalesce(r.metric_display_name, m.display_name) as display_name, r.value, r.status, r.result, r.json_result, r.run_id, r.created_at
     from evaluation_results r left join evaluation_metrics m on m.id = r.metric_id
     where r.call_id = $1 order by r.metric_name, r.created_at desc nulls last`,
    [callId],
  );
  return rows.map((r) => ({
    metricName: r.metric_name,
    displayName: r.display_name,
    value: r.value,
    status: r.status,
    result: r.result,
    jsonResult: r.json_result,
    runId: r.run_id,
    createdAt: r.created_at,
  }));
}

/** A value as a number to average: true 1, false 0, a number itself; anything else does not count. */
export function scoreOf(value: unknown): number | null {
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && /^(true|false|pass|fail|passed|failed|yes|no)$/i.test(value)) return /^(true|pass|passed|yes)$/i.test(value) ? 1 : 0;
  return null;
}

/** The change of the mean from `before` to `after`, with a 95% bootstrap interval (2,000 resamples, seeded). */
export function bootstrapMeanShift(before: number[], after: number[], resamples = 2000, seed = 7): Shift | null {
  if (before.length < 2 || after.length < 2) return null;
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const random = mulberry32(seed);
  const resampleMean = (xs: number[]) => {
    let sum = 0;
    for (let i = 0; i < xs.length; i++) sum += xs[Math.floor(random() * xs.length)];
    return sum / xs.length;
  };
  const changes = Array.from({ length: resamples }, () => resampleMean(after) - resampleMean(before)).sort((a, b) => a - b);
  const low = changes[Math.floor(0.025 * (resamples - 1))];
  const high = changes[Math.ceil(0.975 * (resamples - 1))];
  const [b, a] = [mean(before), mean(after)];
  return { before: b, after: a, change: a - b, low, high, significant: low > 0 || high < 0 };
}

export type MetricGroup = {
  metric: string;
  displayName: string | null;
  key: string;
  agentId: string | null;
  /** results with a value that counts */
  n: number;
  /** results Cartesia could not compute or parse */
  failed: number;
  /** true when every value is true or false: the mean is then a pass rate */
  boolean: boolean;
  mean: number | null;
  /** against the previous deployment of the same agent (deployments only) */
  previousId?: string | null;
  shift?: Shift | null;
};

type Row = { metric_name: string; display_name: string | null; key: string; agent_id: string | null; values: unknown[]; failed: number };

function group(rows: Row[]): (MetricGroup & { scores: number[] })[] {
  return rows.map((r) => {
    const scores = r.values.map(scoreOf).filter((v): v is number => v !== null);
    const boolean =
      r.values.length > 0 &&
      r.values.every((v) => typeof v === "boolean" || (typeof v === "string" && /^(true|false|pass|fail|passed|failed|yes|no)$/i.test(v)));
    return {
      metric: r.metric_name,
      displayName: r.display_name,
      key: r.key,
      agentId: r.agent_id,
      n: scores.length,
      failed: r.failed,
      boolean,
      mean: scores.length ? scores.reduce((s, x) => s + x, 0) / scores.length : null,
      scores,
    };
  });
}

/** Per metric, each agent's and each deployment's figure; deployments compared to the previous one of their agent. */
export async function evaluationFigures(pool: Pool, options: { agentId?: string } = {}) {
  const params: unknown[] = [];
  const agentFilter = options.agentId ? (params.push(options.agentId), `and r.agent_id = $${params.length}`) : "";
  const select = (key: string) => `
    select r.metric_name, max(coalesce(r.metric_display_name, m.display_name)) as display_name, ${key} as key, min(r.agent_id) as agent_id,
           coalesce(jsonb_agg(r.value) filter (where r.status = 'completed' and r.value is not null), '[]') as values,
           (count(*) filter (where r.status <> 'completed'))::int as failed
    from evaluation_results r left join evaluation_metrics m on m.id = r.metric_id
    where ${key} is not null ${agentFilter}
    group by r.metric_name, ${key} order by r.metric_name, ${key}`;
  const [agents, deployments] = await Promise.all([pool.query(select("r.agent_id"), params), pool.query(select("r.deployment_id"), params)]);
  const byDeployment = group(deployments.rows);
  const ids = [...new Set(byDeployment.map((d) => d.key))];
  const { rows: order } = ids.length
    ? await pool.query(
        `select d.id, (select p.id from deployments p where p.agent_id = d.agent_id and coalesce(p.created_at, p.first_seen_at) < coalesce(d.created_at, d.first_seen_at)
                       order by coalesce(p.created_at, p.first_seen_at) desc limit 1) as previous
         from deployments d where d.id = any($1::text[])`,
        [ids],
      )
    : { rows: [] as { id: string; previous: string | null }[] };
  const previousOf = new Map(order.map((o) => [o.id as string, o.previous as string | null]));
  const scoresOf = new Map(byDeployment.map((d) => [`${d.metric}\u0000${d.key}`, d.scores]));
  const strip = <T extends { scores: number[] }>({ scores: _scores, ...rest }: T) => rest;
  return {
    byAgent: group(agents.rows).map(strip),
    byDeployment: byDeployment.map((d) => {
      const previousId = previousOf.get(d.key) ?? null;
      const before = previousId ? scoresOf.get(`${d.metric}\u0000${previousId}`) : undefined;
      return { ...strip(d), previousId, shift: before ? bootstrapMeanShift(before, d.scores) : null };
    }),
  };
}
