import type { Metadata } from "next";
import { CreateOnceForm } from "@/components/settings/create-once-form";
import { RoleSelect } from "@/components/settings/role-select";
import { SettingsNav } from "@/components/settings/settings-nav";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { listApiKeys } from "@/lib/auth/api-keys";
import { db } from "@/lib/db/client";
import { createKeyAction, revokeKeyAction } from "@/lib/settings/settings-actions";
import { requireAdmin } from "@/lib/auth/session";
import { CredentialsTable } from "@/components/settings/credentials-table";

export const metadata: Metadata = { title: "API keys" };
export const dynamic = "force-dynamic";

export default async function ApiKeysPage() {
  await requireAdmin();
  const keys = await listApiKeys(db());
  return (
    <div className="max-w-5xl">
      <PageHeader title="Settings" />
      <SettingsNav active="/settings/api-keys" />
      <Card>
        <h2 className="text-lg font-semibold">API keys</h2>
        <p className="mt-1 mb-3 text-sm text-zinc-600 dark:text-zinc-400">
          Send a key as <code className="font-mono">Authorization: Bearer &lt;key&gt;</code>. <strong>ingest</strong> keys only send telemetry (give these to
          agents); <strong>member</strong> keys also read calls and export; <strong>admin</strong> keys also manage keys. Keys are stored hashed. The API is
          described at{" "}
          <a className="underline" href="/api/openapi.json">
            /api/openapi.json
          </a>{" "}
          and on the{" "}
          <a className="underline" href="/docs/api">
            API reference
          </a>
          .
        </p>
        <CredentialsTable label="API keys" items={keys} revokeAction={revokeKeyAction} empty="No API keys yet." withRole />
        <CreateOnceForm action={createKeyAction} submitLabel="Create key" what="API key">
          <RoleSelect roles={["ingest", "member", "admin"]} />
        </CreateOnceForm>
      </Card>
    </div>
  );
}
