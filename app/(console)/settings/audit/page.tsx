import type { Metadata } from "next";
import Link from "next/link";
import { SettingsShell } from "@/components/settings/settings-shell";
import { buttonVariants, Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { LocalTime } from "@/components/ui/local-time";
import { Notice } from "@/components/ui/notice";
import { SelectField } from "@/components/ui/select-field";
import { auditQuerySchema } from "@/lib/audit/audit-json";
import { AUDIT_ACTIONS, listAudit } from "@/lib/audit/audit-log";
import { requireAdmin } from "@/lib/auth/session";
import { readPool } from "@/lib/db/client";
import { env } from "@/lib/env";
import { searchObject } from "@/lib/http/search-params";

export const metadata: Metadata = { title: "Audit log" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** A target as a link where there is a page for it. */
function Target({ type, id }: { type: string | null; id: string | null }) {
  if (!id) return <span className="text-zinc-500">—</span>;
  const href = type === "call" ? `/calls/${encodeURIComponent(id)}` : type === "monitor" ? `/monitors/${encodeURIComponent(id)}` : null;
  const text = (
    <span className="font-mono text-xs whitespace-nowrap">
      {type ? `${type} ` : ""}
      {id}
    </span>
  );
  return href ? (
    <Link href={href} className="text-sky-700 hover:underline dark:text-sky-400">
      {text}
    </Link>
  ) : (
    text
  );
}

export default async function AuditPage({ searchParams }: Props) {
  await requireAdmin();
  const raw = await searchParams;
  const params = new URLSearchParams(Object.entries(raw).flatMap(([k, v]) => (typeof v === "string" ? [[k, v]] : [])));
  for (const key of [...params.keys()]) if (!params.get(key)) params.delete(key);
  const parsed = auditQuerySchema.safeParse(searchObject(params));
  const query = parsed.success ? parsed.data : auditQuerySchema.parse({});
  const page = await listAudit(readPool(), { ...query, before: query.cursor, limit: 50 });
  const next = new URLSearchParams(params);
  if (page.next) next.set("cursor", page.next);
  const filtered = ["action", "actor", "target", "since", "until"].some((k) => params.has(k));

  return (
    <SettingsShell active="/settings/audit" className="max-w-6xl">
      <Card>
        <h2 className="text-lg font-semibold">Audit log</h2>
        <p className="mt-1 mb-3 text-sm text-zinc-600 dark:text-zinc-400">
          Who viewed a call, played or downloaded a recording, exported transcripts, deleted or erased, or changed privacy settings, keys, secrets, users or
          monitors: when, and from which address. Kept {env().AUDIT_RETENTION_DAYS} days. Also at <code className="font-mono">GET /api/v1/audit</code>.
        </p>
        {!parsed.success ? (
          <Notice tone="error" role="alert" className="mb-3">
            A filter is not valid ({parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}); showing everything.
          </Notice>
        ) : null}
        <form method="get" className="mb-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-5 lg:items-end">
          <SelectField
            label="Action"
            fieldClassName="min-w-0"
            id="action"
            name="action"
            defaultValue={query.action ?? ""}
            className="w-full"
            empty="Every action"
            options={AUDIT_ACTIONS}
          />
          <Field label="Who" className="min-w-0">
            <Input id="actor" name="actor" defaultValue={query.actor ?? ""} placeholder="email or key id" className="w-full" />
          </Field>
          <Field label="Target" className="min-w-0">
            <Input id="target" name="target" defaultValue={query.target ?? ""} placeholder="a call id" className="w-full" />
          </Field>
          <Field label="Since" className="min-w-0">
            <Input
              id="since"
              name="since"
              type="date"
              defaultValue={raw.since && typeof raw.since === "string" ? raw.since.slice(0, 10) : ""}
              className="w-full"
            />
          </Field>
          <div className="flex gap-2">
            <Button type="submit" variant="primary">
              Filter
            </Button>
            {filtered ? (
              <Link href="/settings/audit" className={buttonVariants()}>
                Clear
              </Link>
            ) : null}
          </div>
        </form>
        {page.rows.length ? (
          <DataTable label="Audit log" columns={["When", "Who", "Action", "Target", "From", "Details"]}>
            {page.rows.map((r) => (
              <tr key={r.id} className="align-top">
                <td className="py-1.5 pr-3 text-xs whitespace-nowrap">
                  <LocalTime iso={r.at.toISOString()} relative={false} />
                </td>
                <td className="py-1.5 pr-3 text-xs whitespace-nowrap">
                  {r.actorName}
                  {r.actorKind === "system" ? null : <span className="block text-zinc-500">{r.actorKind}</span>}
                </td>
                <td className="py-1.5 pr-3 font-mono text-xs whitespace-nowrap">{r.action}</td>
                <td className="py-1.5 pr-3">
                  <Target type={r.targetType} id={r.targetId} />
                </td>
                <td className="py-1.5 pr-3 font-mono text-xs">{r.address ?? "—"}</td>
                <td className="max-w-xs min-w-64 py-1.5 font-mono text-xs break-all text-zinc-600 dark:text-zinc-400">
                  {r.details === null ? "—" : JSON.stringify(r.details).slice(0, 300)}
                </td>
              </tr>
            ))}
          </DataTable>
        ) : (
          <p className="text-sm text-zinc-500">{filtered ? "Nothing matches these filters." : "Nothing recorded yet."}</p>
        )}
        {page.next ? (
          <p className="mt-3 text-sm">
            <Link href={`/settings/audit?${next}`} className="text-sky-700 hover:underline dark:text-sky-400">
              Older →
            </Link>
          </p>
        ) : null}
      </Card>
    </SettingsShell>
  );
}
