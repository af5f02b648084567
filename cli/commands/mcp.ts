// callscope mcp: an MCP server on stdin/stdout, passed to the server's /api/mcp
import type { Command } from "commander";
import { runMcpBridge } from "../mcp-bridge";
import { conn } from "../command-options";

export function registerMcp(program: Command) {
  program
    .command("mcp")
    .description("an MCP server on stdin/stdout for AI assistants (Claude Desktop and others), passed to the server's /api/mcp")
    .action(async (_options, command: Command) => {
      await runMcpBridge(conn(command));
    });
}
