import type { Metadata } from "next";
import Link from "next/link";
import { CreateOnceForm } from "@/components/settings/create-once-form";
import { AgentIdsField } from "@/components/settings/agent-ids-field";
import { RoleSelect } from "@/components/settings/role-select";
import { SettingsShell } from "@/components/settings/settings-shell";
import { Card } from "@/components/ui/card";
import { listApiKeys } from "@/lib/auth/api-keys";
import { db } from "@/lib/db/client";
import { createKeyAction, revokeKeyAction } from "@/lib/auth/api-key-actions";
import { requireAdmin } from "@/lib/auth/session";
import { CredentialsTable } from "@/components/settings/credentials-table";

export const metadata: Metadata = { title: "API keys" };
export const dynamic = "force-dynamic";

/** The role column says which agents a bound key may write for. */
const shownRole = <K extends { role: string; agentIds: string[] }>(k: K) => ({
  ...k,
  role: k.agentIds.length ? `${k.role}: ${k.agentIds.join(", ")}` : k.role,
});

export default async function ApiKeysPage() {
  await requireAdmin();
  const keys = await listApiKeys(db());
  return (
    <SettingsShell active="/settings/api-keys">
      <Card>
        <h2 className="text-lg font-semibold">API keys</h2>
        <p className="mt-1 mb-3 text-sm text-zinc-600 dark:text-zinc-400">
          Send a key as <code className="font-mono">Authorization: Bearer &lt;key&gt;</code>. <strong>ingest</strong> keys only send telemetry (give these to
          agents): they write and read nothing back, and bound to agents they are refused for other agents&rsquo; calls; <strong>member</strong> keys also read
          calls and export; <strong>admin</strong> keys also manage keys and may replace a recording. Keys are stored hashed. The API is described at{" "}
          <a className="underline" href="/api/openapi.json">
            /api/openapi.json
          </a>{" "}
          and on the{" "}
          <Link className="underline" href="/docs/api">
            API reference
          </Link>
          .
        </p>
        <CredentialsTable label="API keys" items={keys.map(shownRole)} revokeAction={revokeKeyAction} empty="No API keys yet." withRole />
        <CreateOnceForm action={createKeyAction} submitLabel="Create key" what="API key">
          <RoleSelect roles={["ingest", "member", "admin"]} />
          <AgentIdsField />
        </CreateOnceForm>
      </Card>
    </SettingsShell>
  );
}
