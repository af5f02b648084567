// POST /api/mcp - Callscope's MCP server (Streamable HTTP, stateless) for AI assistants; GET and DELETE are refused with 405.
import { handleMcp, refuseMcpMethod } from "@/lib/mcp/handle-mcp";
import { route } from "@/lib/http/route";

export const POST = route(handleMcp);
export const GET = route(refuseMcpMethod);
export const DELETE = route(refuseMcpMethod);
