// Ingest keys bound to agents (`keys create --agent`): such a key is refused
// for calls and deployments that belong to any other agent. A call or
// deployment that no webhook or sync has placed under an agent yet is open to
// it, as telemetry often arrives before the call's first webhook.
import "server-only";
import { db } from "@/lib/db/client";
import { jsonError } from "@/lib/http/errors";
import type { Principal } from "./authenticate";

type Target = { callId: string } | { deploymentId: string; agentId?: string | null };

function bound(principal: Principal): string[] | null {
  return principal.kind === "key" && principal.agentIds.length ? principal.agentIds : null;
}

/** 403 when the key is bound to agents and the target belongs to another, else null. */
export async function refuseOtherAgent(principal: Principal, target: Target): Promise<Response | null> {
  const agents = bound(principal);
  if (!agents) return null;
  const owners: (string | null)[] = [];
  if ("callId" in target) {
    const call = await db().call.findUnique({ where: { id: target.callId }, select: { agentId: true } });
    owners.push(call?.agentId ?? null);
  } else {
    const deployment = await db().deployment.findUnique({ where: { id: target.deploymentId }, select: { agentId: true } });
    owners.push(deployment?.agentId ?? null, target.agentId ?? null);
  }
  const other = owners.find((agent) => agent !== null && !agents.includes(agent));
  if (other === undefined) return null;
  const what = "callId" in target ? "call" : "deployment";
  return jsonError(403, "forbidden", `This key may write only for the agents ${agents.join(", ")}; this ${what} belongs to another agent.`, {
    agent_ids: agents,
  });
}
