// `callscope mcp`: an MCP server on standard input and output for desktop
// clients, that passes every message to the server's own MCP endpoint
// (/api/mcp) with the API key. The tools exist once, on the server, so the
// stdio and HTTP transports answer exactly alike, with the key's role and the
// server's redaction. Standard output carries the protocol untouched; what
// goes to standard error is cleaned of terminal escapes like all the CLI prints.
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { CliError, type Connection, EXIT } from "./client";
import { err } from "./output";

const hasId = (message: JSONRPCMessage): message is JSONRPCMessage & { id: string | number } => "id" in message && "method" in message;

export async function runMcpBridge(conn: Connection): Promise<void> {
  if (!conn.key) throw new CliError("No API key: pass --key or set CALLSCOPE_API_KEY (a member or admin key).", EXIT.usage);
  const remote = new StreamableHTTPClientTransport(new URL(`${conn.url}/api/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${conn.key}` } },
  });
  const local = new StdioServerTransport();
  const done = new Promise<void>((resolve) => {
    local.onclose = () => {
      void remote.close().finally(resolve);
    };
  });

  remote.onmessage = (message) => void local.send(message);
  remote.onerror = (error) => err(`callscope mcp: ${error.message}`);
  local.onerror = (error) => err(`callscope mcp: ${error.message}`);
  local.onmessage = (message) => {
    remote.send(message).catch((error: Error) => {
      const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
      const text = `Callscope at ${conn.url} did not answer: ${error.message}${cause}`;
      err(`callscope mcp: ${text}`);
      // A request must get an answer, or the client waits for ever.
      if (hasId(message)) void local.send({ jsonrpc: "2.0", id: message.id, error: { code: -32000, message: text } });
    });
  };
  await remote.start();
  await local.start();
  // The client closing its end of the pipe is the end of the session.
  process.stdin.once("end", () => void local.close());
  err(`callscope mcp: serving ${conn.url}/api/mcp on stdio`);
  await done;
}
