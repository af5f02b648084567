// callscope sync: from Cartesia's API into Callscope (admin key)
import { type Command } from "commander";
import { CliError, EXIT, getJson, request } from "../client";
import { err } from "../output";
import { progress } from "../progress";
import { conn, positive } from "../command-options";

export function registerSync(program: Command) {
  program
    .command("sync")
    .description(
      "bring calls, transcripts, recordings, logs and deployments from Cartesia's API into Callscope (needs an admin key; the server needs CARTESIA_API_KEY)",
    )
    .option("--agent <id>", "only this agent's calls")
    .option("--since <date>", "only calls that started after this date or RFC 3339 time")
    .option("--limit <n>", "at most this many calls", positive)
    .option("--cancel <id>", "cancel the sync with this id instead")
    .action(async (options, command: Command) => {
      const c = conn(command);
      if (options.cancel) {
        await request(c, "DELETE", `/api/v1/sync/${encodeURIComponent(options.cancel)}`);
        err(`Cancelled sync ${options.cancel}.`);
        return;
      }
      const body: Record<string, unknown> = {};
      if (options.agent) body.agent_id = options.agent;
      if (options.since) body.since = options.since;
      if (options.limit) body.limit = options.limit;
      const { id } = (await (await request(c, "POST", "/api/v1/sync", body)).json()) as { id: string };
      const bar = progress("Syncing calls", options.limit ?? null);
      // Ctrl-C stops the sync on the server too, not only this command.
      process.once("SIGINT", () => {
        void request(c, "DELETE", `/api/v1/sync/${id}`)
          .catch(() => {})
          .finally(() => {
            err(`\nCancelled sync ${id}.`);
            process.exit(130);
          });
      });
      type Sync = { status: string; progress: { calls: number; recordings: number; logs: number; deployments: number } | null; error: string | null };
      for (;;) {
        const job = await getJson<Sync>(c, `/api/v1/sync/${id}`);
        const done = job.progress?.calls ?? 0;
        if (done > bar.done) bar.tick(done - bar.done);
        if (job.status === "done") {
          bar.finish();
          const p = job.progress!;
          err(`Synced ${p.calls} calls, ${p.recordings} recordings, ${p.logs} log lines, ${p.deployments} deployments.`);
          return;
        }
        if (job.status === "cancelled") {
          bar.finish();
          throw new CliError(`The sync was cancelled after ${done} calls.`, EXIT.failure);
        }
        if (job.status === "failed" || (job.status === "queued" && job.error)) {
          bar.finish();
          throw new CliError(`The sync failed: ${job.error}`, job.error?.includes("401") ? EXIT.auth : EXIT.failure);
        }
        await new Promise((r) => setTimeout(r, 500));
      }
    });
}
