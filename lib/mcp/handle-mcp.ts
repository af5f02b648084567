// POST /api/mcp: Callscope's MCP server over Streamable HTTP, stateless (one
// server and transport per request, JSON answers, no session), so it runs on
// every instance alike. Only API keys, sent as Bearer: member and admin keys
// read, ingest keys are refused (403), and failed authentications count
// against the same limit as the rest of the API.
import "server-only";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { auditRequest } from "@/lib/audit/audit-request";
import { refuseIfLimited, unauthorized } from "@/lib/auth/authenticate";
import { db, readPool } from "@/lib/db/client";
import { authorized } from "@/lib/auth/authorized";
import { jsonError } from "@/lib/http/errors";
import { createMcpServer } from "./create-mcp-server";

const answer = authorized("read", async ({ request, principal }) => {
  const server = createMcpServer({ pool: readPool(), db: db(), audit: (entry) => auditRequest({ request, principal }, entry) });
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  try {
    await server.connect(transport);
    return await transport.handleRequest(request);
  } finally {
    await server.close();
  }
});

export async function handleMcp(request: Request): Promise<Response> {
  const limited = refuseIfLimited(request);
  if (limited) return limited;
  // A console session is not enough here: an MCP client authenticates with a key it was given.
  if (!request.headers.get("authorization")) return unauthorized(request, "Send a member or admin API key as `Authorization: Bearer <key>`.");
  return answer(request);
}

/** GET and DELETE belong to sessions and server-sent streams, which this stateless endpoint does not keep. */
export async function refuseMcpMethod(): Promise<Response> {
  return jsonError(405, "method_not_allowed", "This MCP endpoint is stateless: POST JSON-RPC messages to it.", undefined, { Allow: "POST" });
}
