// GET /api/v1/evaluations: per metric, each agent's and each deployment's
// pass rate or mean, deployments against the previous one.
import "server-only";
import { readPool } from "@/lib/db/client";
import { authorized } from "@/lib/auth/authorized";
import { evaluationFigures, type MetricGroup } from "./evaluation-figures";
import { evaluationsQuerySchema } from "./evaluations-query";

export const listEvaluationsApi = authorized("read", evaluationsQuerySchema, async ({ query }) => {
  const figures = await evaluationFigures(readPool(), { agentId: query.agent_id });
  const json = (g: MetricGroup) => ({
    metric: g.metric,
    display_name: g.displayName,
    n: g.n,
    failed: g.failed,
    kind: g.boolean ? "pass_rate" : "mean",
    value: g.mean,
  });
  return Response.json({
    by_agent: figures.byAgent.map((g) => ({ agent_id: g.key, ...json(g) })),
    by_deployment: figures.byDeployment.map((g) => ({
      deployment_id: g.key,
      agent_id: g.agentId,
      ...json(g),
      previous_deployment_id: g.previousId ?? null,
      change: g.shift
        ? { before: g.shift.before, after: g.shift.after, change: g.shift.change, low: g.shift.low, high: g.shift.high, significant: g.shift.significant }
        : null,
    })),
  });
});
