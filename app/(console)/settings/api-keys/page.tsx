import type { Metadata } from "next";
import { CreateOnceForm } from "@/components/settings/create-once-form";
import { RoleSelect } from "@/components/settings/role-select";
import { SettingsNav } from "@/components/settings/settings-nav";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { PageHeader } from "@/components/ui/page-header";
import { listApiKeys } from "@/lib/auth/api-keys";
import { db } from "@/lib/db/client";
import { createKeyAction, revokeKeyAction } from "@/lib/settings/settings-actions";
import { requireAdmin } from "@/lib/auth/session";

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
        <div className="mb-4 overflow-x-auto" tabIndex={0} role="region" aria-label="API keys">
          <table className="w-full text-left text-sm whitespace-nowrap">
            <thead className="text-xs text-zinc-500 uppercase">
              <tr>
                <th className="py-1 font-medium">Label</th>
                <th className="py-1 font-medium">Role</th>
                <th className="py-1 font-medium">Begins with</th>
                <th className="py-1 font-medium">Created</th>
                <th className="py-1 font-medium">Last used</th>
                <th className="py-1 font-medium">State</th>
                <th className="py-1" />
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {keys.map((k) => (
                <tr key={k.id}>
                  <td className="py-1.5">{k.label}</td>
                  <td className="py-1.5">{k.role}</td>
                  <td className="py-1.5 font-mono text-xs">{k.hint}…</td>
                  <td className="py-1.5">
                    <LocalTime iso={k.createdAt.toISOString()} />
                  </td>
                  <td className="py-1.5">{k.lastUsedAt ? <LocalTime iso={k.lastUsedAt.toISOString()} /> : "never"}</td>
                  <td className="py-1.5">{k.revokedAt ? <Badge tone="gray">revoked</Badge> : <Badge tone="green">active</Badge>}</td>
                  <td className="py-1.5 text-right">
                    {!k.revokedAt ? (
                      <form action={revokeKeyAction}>
                        <input type="hidden" name="id" value={k.id} />
                        <button
                          type="submit"
                          className="rounded border border-red-300 px-2 py-0.5 text-xs text-red-700 hover:bg-red-50 dark:border-red-800 dark:text-red-300 dark:hover:bg-red-950"
                        >
                          Revoke
                        </button>
                      </form>
                    ) : null}
                  </td>
                </tr>
              ))}
              {keys.length === 0 ? (
                <tr>
                  <td colSpan={7} className="py-2 text-zinc-500">
                    No API keys yet.
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
        <CreateOnceForm action={createKeyAction} submitLabel="Create key" what="API key">
          <RoleSelect roles={["ingest", "member", "admin"]} />
        </CreateOnceForm>
      </Card>
    </div>
  );
}
