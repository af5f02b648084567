// The read API for integrations: GET /api/v1/calls, /calls/{id}, /agents,
// /deployments, /deployments/{id}. Members and admins read, with a key or a
// console session.
import "server-only";
import { authenticate } from "@/lib/auth/authenticate";
import { parseApiCallFilters } from "@/lib/calls/call-filters";
import { getCall } from "@/lib/calls/get-call";
import { countCalls, listCalls } from "@/lib/calls/list-calls";
import { listEventsAfter } from "@/lib/calls/list-recent-events";
import { listAgents } from "@/lib/agents/list-agents";
import { db, pool } from "@/lib/db/client";
import { deploymentJson } from "@/lib/deployments/deployment-json";
import { getDeploymentStats, listDeployments } from "@/lib/deployments/list-deployments";
import { isDatabaseUnavailable, jsonError, unavailable } from "@/lib/http/errors";
import { zodIssues } from "@/lib/http/validation";
import { evaluationFigures, type MetricGroup } from "@/lib/evaluations/evaluation-figures";
import { callDetailJson, callListJson } from "./call-json";

async function read(request: Request, run: () => Promise<Response>): Promise<Response> {
  const principal = await authenticate(request, "read");
  if (principal instanceof Response) return principal;
  try {
    return await run();
  } catch (error) {
    if (isDatabaseUnavailable(error)) return unavailable();
    throw error;
  }
}

export function listCallsApi(request: Request) {
  return read(request, async () => {
    const search = new URL(request.url).searchParams;
    const count = search.get("count") === "true";
    search.delete("count");
    const parsed = parseApiCallFilters(search);
    if (!parsed.success) return jsonError(400, "bad_request", "Invalid query parameters.", zodIssues(parsed.error));
    if (count) return Response.json({ count: await countCalls(pool(), parsed.data) });
    const page = await listCalls(pool(), parsed.data);
    return Response.json({ data: page.rows.map(callListJson), next_page: page.nextCursor });
  });
}

export function getCallApi(request: Request, id: string) {
  return read(request, async () => {
    const call = await getCall(pool(), id);
    if (!call) return jsonError(404, "not_found", `No call with id ${id}.`);
    return Response.json(callDetailJson(call));
  });
}

export function listAgentsApi(request: Request) {
  return read(request, async () => {
    const agents = await listAgents(pool());
    return Response.json({
      data: agents.map((a) => ({
        id: a.id,
        name: a.name,
        calls: a.calls,
        failed_calls: a.failed,
        last_call_at: a.lastCallAt?.toISOString() ?? null,
        tts_ttfb_p50: a.ttfbP50,
        tts_ttfb_p95: a.ttfbP95,
        tts_ttfb_p99: a.ttfbP99,
      })),
    });
  });
}

export function listDeploymentsApi(request: Request) {
  return read(request, async () => {
    const agentId = new URL(request.url).searchParams.get("agent_id") ?? undefined;
    const rows = await listDeployments(pool(), { agentId });
    return Response.json({
      data: rows.map((d) => ({
        id: d.id,
        agent_id: d.agentId,
        status: d.status,
        is_live: d.isLive,
        git_commit_hash: d.gitCommitHash,
        created_at: d.createdAt?.toISOString() ?? null,
        calls: d.calls,
        tts_ttfb_p50: d.ttfbP50,
        tts_ttfb_p95: d.ttfbP95,
      })),
    });
  });
}

export function getDeploymentApi(request: Request, id: string) {
  return read(request, async () => {
    const deployment = await db().deployment.findUnique({ where: { id } });
    if (!deployment) return jsonError(404, "not_found", `No deployment with id ${id}.`);
    const stats = await getDeploymentStats(pool(), id);
    return Response.json({ ...deploymentJson(deployment), calls: stats?.calls ?? 0, tts_ttfb_p50: stats?.ttfbP50 ?? null, tts_ttfb_p95: stats?.ttfbP95 ?? null });
  });
}

export function listEventsApi(request: Request) {
  return read(request, async () => {
    const after = new URL(request.url).searchParams.get("after");
    if (after !== null && !/^\d{1,18}$/.test(after)) return jsonError(400, "bad_request", "after must be an event id.");
    const rows = await listEventsAfter(pool(), after);
    return Response.json({
      data: rows.map((e) => ({ id: e.id, call_id: e.call_id, type: e.kind, name: e.name, level: e.level, message: e.message, value: e.value, received_at: e.received_at })),
    });
  });
}

/** GET /api/v1/evaluations: per metric, each agent's and each deployment's pass rate or mean, deployments against the previous one. */
export function listEvaluationsApi(request: Request) {
  return read(request, async () => {
    const agentId = new URL(request.url).searchParams.get("agent_id") ?? undefined;
    const figures = await evaluationFigures(pool(), { agentId });
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
        change: g.shift ? { before: g.shift.before, after: g.shift.after, change: g.shift.change, low: g.shift.low, high: g.shift.high, significant: g.shift.significant } : null,
      })),
    });
  });
}
