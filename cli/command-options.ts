// What the commands share: the connection from the global options, and the call filters.
import { type Command, InvalidArgumentError } from "commander";
import { API_FILTER_NAMES } from "../lib/calls/api-filter-names";
import { type Connection, connection } from "./client";

type Global = { url?: string; key?: string };

export const conn = (command: Command): Connection => connection(command.optsWithGlobals<Global>());

export function filterParams(o: { agent?: string[]; status?: string; deployment?: string; since?: string; until?: string; search?: string }) {
  const params = new URLSearchParams();
  for (const a of o.agent ?? []) params.append(API_FILTER_NAMES.agent, a);
  if (o.status) params.set("status", o.status);
  if (o.deployment) params.set(API_FILTER_NAMES.deployment, o.deployment);
  if (o.since) params.set("from", o.since);
  if (o.until) params.set("to", o.until);
  if (o.search) params.set("q", o.search);
  return params;
}

export const withFilters = (command: Command) =>
  command
    .option("--agent <id...>", "only these agents")
    .option("--status <status>", "only calls with this status (completed, failed, …)")
    .option("--deployment <id>", "only calls of this deployment")
    .option("--since <time>", "calls from this date or RFC 3339 time")
    .option("--until <time>", "calls before this date or time")
    .option("--search <text>", "full-text search over transcripts");

export const positive = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("must be a whole number above 0");
  return n;
};
