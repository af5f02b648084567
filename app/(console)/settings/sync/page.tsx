import type { Metadata } from "next";
import { LiveRefresh } from "@/components/calls/live-refresh";
import { SettingsShell } from "@/components/settings/settings-shell";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Notice } from "@/components/ui/notice";
import { readPool } from "@/lib/db/client";
import { env } from "@/lib/env";
import { getSyncStatus } from "@/lib/sync/get-sync-status";
import { cancelSyncAction, startSyncAction } from "@/lib/sync/sync-actions";
import { requireAdmin } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Sync from Cartesia" };
export const dynamic = "force-dynamic";

export default async function SyncPage() {
  await requireAdmin();
  const configured = Boolean(env().CARTESIA_API_KEY);
  const { job, enrichment } = await getSyncStatus(readPool());
  const active = job && (job.status === "queued" || job.status === "running");
  return (
    <SettingsShell active="/settings/sync" className="max-w-4xl">
      <Card>
        <h2 className="text-lg font-semibold">Sync from Cartesia</h2>
        <p className="mt-1 mb-3 text-sm text-zinc-600 dark:text-zinc-400">
          Brings calls, their transcripts (with the log events and metrics Cartesia keeps as system rows), recordings, call logs and deployments from
          Cartesia&apos;s API, and merges them with what webhooks and the telemetry API stored. Running it again changes nothing. With a key configured, each
          finished call is also enriched in the background after its webhook arrives.
        </p>
        {!configured ? (
          <Notice tone="warning" role="alert">
            Set <code className="font-mono">CARTESIA_API_KEY</code> on the server (and restart) to sync from Cartesia.
          </Notice>
        ) : (
          <form action={startSyncAction} className="flex flex-wrap items-end gap-3">
            <Field label="Agent (optional)">
              <Input name="agent_id" placeholder="all agents" />
            </Field>
            <Field label="Since (optional)">
              <Input type="date" name="since" />
            </Field>
            <Field label="At most (calls)">
              <Input type="number" name="limit" min={1} className="w-28" />
            </Field>
            <Button type="submit" variant="primary" disabled={Boolean(active)}>
              {active ? "Sync running…" : "Sync now"}
            </Button>
          </form>
        )}
        {job ? (
          <div className="mt-4 rounded-md border border-zinc-200 p-3 text-sm dark:border-zinc-800" data-testid="sync-status">
            <div className="flex items-center gap-2">
              <span className="font-medium">Last sync</span>
              <Badge tone={job.status === "done" ? "green" : job.status === "failed" ? "red" : job.status === "cancelled" ? "gray" : "blue"}>
                {job.status}
              </Badge>
              <span className="text-xs text-zinc-500">updated {job.updated_at.toISOString().replace("T", " ").slice(0, 19)} UTC</span>
              {active ? (
                <form action={cancelSyncAction} className="ml-auto">
                  <input type="hidden" name="id" value={job.id} />
                  <Button type="submit" size="sm">
                    Cancel sync
                  </Button>
                </form>
              ) : null}
            </div>
            <p className="mt-1 text-xs text-zinc-500">
              {job.payload.agent_id ? `Agent ${job.payload.agent_id}` : "Every agent of the account"}
              {job.payload.since ? `, calls since ${job.payload.since}` : ""}
              {job.payload.limit ? `, at most ${job.payload.limit} calls` : ""}
            </p>
            {job.payload.progress ? (
              <p className="mt-1 tabular-nums">
                {job.payload.progress.calls} calls · {job.payload.progress.recordings} recordings · {job.payload.progress.logs} log lines ·{" "}
                {job.payload.progress.deployments} deployments{job.payload.progress.batches ? ` · ${job.payload.progress.batches} batches` : ""}
              </p>
            ) : null}
            {job.last_error ? (
              <p role="alert" className="mt-1 text-red-700 dark:text-red-300">
                {job.last_error}
              </p>
            ) : null}
          </div>
        ) : null}
        <p className="mt-3 text-xs text-zinc-500">
          Enrichment queue: {enrichment.waiting} waiting, {enrichment.failed} given up.
        </p>
      </Card>
      {active ? <LiveRefresh everyMs={1500} /> : null}
    </SettingsShell>
  );
}
