import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { CreateOnceForm } from "@/components/settings/create-once-form";
import { ReplayButton } from "@/components/settings/replay-button";
import { SettingsShell } from "@/components/settings/settings-shell";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CodeBlock } from "@/components/ui/code-block";
import { Input } from "@/components/ui/input";
import { LocalTime } from "@/components/ui/local-time";
import { Notice } from "@/components/ui/notice";
import { Select } from "@/components/ui/select";
import { db, readPool } from "@/lib/db/client";
import { env } from "@/lib/env";
import { deliveryFiltersSchema, listDeliveries } from "@/lib/ingest/cartesia-webhook/list-deliveries";
import { listWebhookSecrets } from "@/lib/ingest/cartesia-webhook/webhook-secrets";
import { webhookUrl } from "@/lib/ingest/cartesia-webhook/webhook-url";
import { addSecretAction, revokeSecretAction } from "@/lib/ingest/cartesia-webhook/webhook-actions";
import { requireAdmin } from "@/lib/auth/session";
import { CredentialsTable } from "@/components/settings/credentials-table";

export const metadata: Metadata = { title: "Webhooks" };
export const dynamic = "force-dynamic";

const OUTCOME_TONE = { applied: "green", duplicate: "gray", unknown_type: "amber", invalid: "red" } as const;

export default async function WebhooksSettingsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await requireAdmin();
  const parsed = deliveryFiltersSchema.safeParse(await searchParams);
  if (!parsed.success) {
    return (
      <SettingsShell active="/settings/webhooks" className="max-w-6xl">
        <Notice tone="error" role="alert">
          This link&apos;s filters are not valid: {parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}.{" "}
          <Link href="/settings/webhooks" className="underline">
            Show the whole log
          </Link>
        </Notice>
      </SettingsShell>
    );
  }
  const filters = parsed.data;
  const [secrets, deliveries] = await Promise.all([listWebhookSecrets(db()), listDeliveries(readPool(), filters)]);
  const url = webhookUrl(await headers());
  const envSecrets = env().CARTESIA_WEBHOOK_SECRETS.length;
  const active = secrets.filter((s) => !s.revokedAt);
  const nextParams = deliveries.nextCursor
    ? new URLSearchParams({ ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)), cursor: deliveries.nextCursor })
    : null;

  return (
    <SettingsShell active="/settings/webhooks" className="max-w-6xl">
      <div className="space-y-6">
        <Card>
          <h2 className="text-lg font-semibold">Webhook URL</h2>
          <p className="mt-1 mb-2 text-sm text-zinc-600 dark:text-zinc-400">
            In Cartesia, create a webhook with this URL and one of the active secrets below. Each delivery must carry the secret in{" "}
            <code className="font-mono">x-webhook-secret</code>.
          </p>
          <CodeBlock label="Webhook URL">{url}</CodeBlock>
        </Card>

        <Card>
          <h2 className="text-lg font-semibold">Secrets</h2>
          <p className="mt-1 mb-3 text-sm text-zinc-600 dark:text-zinc-400">
            Every active secret is accepted, so you can rotate without losing deliveries: add a new one, switch Cartesia to it, then revoke the old one.
            {envSecrets ? ` ${envSecrets} more come from CARTESIA_WEBHOOK_SECRETS.` : ""} Secrets are stored hashed.
          </p>
          <CredentialsTable label="Webhook secrets" items={secrets} revokeAction={revokeSecretAction} empty="No stored secrets." />
          {active.length === 0 && envSecrets === 0 ? (
            <p role="alert" className="mb-3 text-sm text-red-700 dark:text-red-300">
              No secret is active: every delivery is refused with 401 until you add one.
            </p>
          ) : null}
          <CreateOnceForm action={addSecretAction} submitLabel="Add secret" what="webhook secret" />
        </Card>

        <Card>
          <div className="mb-3 flex flex-wrap items-end justify-between gap-3">
            <div>
              <h2 className="text-lg font-semibold">Delivery log</h2>
              <p className="text-sm text-zinc-600 dark:text-zinc-400">
                Every authenticated delivery, stored raw. A retried delivery is recognised and answered as a duplicate.
              </p>
            </div>
            <form className="flex flex-wrap gap-2 text-sm" method="get">
              <Select
                name="outcome"
                defaultValue={filters.outcome ?? ""}
                aria-label="Outcome"
                size="sm"
                empty="All outcomes"
                options={["applied", { value: "unknown_type", label: "unknown type" }, "invalid"]}
              />
              <Input name="call" defaultValue={filters.call ?? ""} placeholder="Call id" aria-label="Call id" size="sm" className="w-40 min-w-0" />
              <Button type="submit" size="sm" className="text-sm">
                Filter
              </Button>
            </form>
          </div>
          {deliveries.rows.length === 0 ? (
            <p className="text-sm text-zinc-500">No deliveries{filters.outcome || filters.call ? " match" : " yet"}.</p>
          ) : (
            <ol className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800" data-testid="deliveries">
              {deliveries.rows.map((d) => (
                <li key={d.id} className="py-2">
                  <div className="flex flex-wrap items-center gap-2">
                    <Badge tone={OUTCOME_TONE[d.outcome as keyof typeof OUTCOME_TONE] ?? "gray"}>{d.outcome.replace("_", " ")}</Badge>
                    <span className="font-mono font-medium">{d.type}</span>
                    {d.callId ? (
                      <Link href={`/calls/${encodeURIComponent(d.callId)}`} className="font-mono text-xs text-sky-700 hover:underline dark:text-sky-400">
                        {d.callId}
                      </Link>
                    ) : null}
                    <span className="text-xs text-zinc-500">
                      <LocalTime iso={d.receivedAt.toISOString()} />
                    </span>
                    <span className="ml-auto">
                      <ReplayButton id={d.id} />
                    </span>
                  </div>
                  <details className="mt-1">
                    <summary className="cursor-pointer text-xs text-zinc-500">Raw JSON{d.error ? " and errors" : ""}</summary>
                    {d.error ? (
                      <pre className="mt-1 overflow-auto rounded bg-red-50 p-2 font-mono text-xs dark:bg-red-950">{JSON.stringify(d.error, null, 2)}</pre>
                    ) : null}
                    <pre className="mt-1 max-h-96 overflow-auto rounded bg-zinc-50 p-2 font-mono text-xs dark:bg-zinc-950">
                      {JSON.stringify(d.payload, null, 2)}
                    </pre>
                  </details>
                </li>
              ))}
            </ol>
          )}
          {nextParams ? (
            <Link href={`/settings/webhooks?${nextParams}`} className="mt-3 inline-block text-sm text-sky-700 hover:underline dark:text-sky-400">
              Older deliveries →
            </Link>
          ) : null}
        </Card>
      </div>
    </SettingsShell>
  );
}
