// GET /api/v1/agents: every agent seen, with its numbers.
import "server-only";
import { readPool } from "@/lib/db/client";
import { authorized } from "@/lib/auth/authorized";
import { agentJson } from "./agent-json";
import { listAgents } from "./list-agents";

export const listAgentsApi = authorized("read", async () => {
  const agents = await listAgents(readPool());
  return Response.json({ data: agents.map(agentJson) });
});
