import type { Metadata } from "next";
import Link from "next/link";
import { CauseState } from "@/components/problems/cause-state";
import { Sparkline } from "@/components/problems/sparkline";
import { ApplyButton } from "@/components/filters/filter-form";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { LocalTime } from "@/components/ui/local-time";
import { PageHeader } from "@/components/ui/page-header";
import { SelectField } from "@/components/ui/select-field";
import { requireUser } from "@/lib/auth/session";
import { CAUSE_KIND_LABELS, CAUSE_KINDS, type CauseKind } from "@/lib/causes/call-causes";
import { CAUSE_RANGES, CAUSE_STATES, causeFiltersSchema } from "@/lib/causes/cause-filters";
import { listCauses } from "@/lib/causes/get-causes";
import { readPool } from "@/lib/db/client";

export const metadata: Metadata = { title: "Problems" };
export const dynamic = "force-dynamic";

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function ProblemsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireUser();
  const query = await searchParams;
  const parsed = causeFiltersSchema.safeParse(query);
  const filters = parsed.success ? parsed.data : causeFiltersSchema.parse({});
  const causes = await listCauses(readPool(), filters);
  const state = one(query.state) ?? "";
  const kind = one(query.kind) ?? "";
  return (
    <div className="max-w-6xl space-y-6">
      <PageHeader
        title="Problems"
        description="Failing calls grouped into causes: the same kind, tool and message, with the numbers and ids taken out. Sorted by the calls each affected in the range."
      />
      <form method="get" className="flex flex-wrap items-end gap-3 text-sm" aria-label="Filter causes">
        <Field label="Search" compact>
          <Input name="q" defaultValue={filters.q ?? ""} size="sm" className="w-56 max-w-full" />
        </Field>
        <SelectField label="State" compact name="state" defaultValue={state} size="sm" empty="needs someone" options={CAUSE_STATES} />
        <SelectField
          label="Kind"
          compact
          name="kind"
          defaultValue={kind}
          size="sm"
          empty="any kind"
          options={CAUSE_KINDS.map((k) => ({ value: k, label: CAUSE_KIND_LABELS[k] }))}
        />
        <Field label="Agent" compact>
          <Input name="agent_id" defaultValue={filters.agent_id.join(",")} size="sm" className="w-40 max-w-full" />
        </Field>
        <Field label="Deployment" compact>
          <Input name="deployment_id" defaultValue={filters.deployment_id.join(",")} size="sm" className="w-40 max-w-full" />
        </Field>
        <SelectField label="Range" compact name="range" defaultValue={filters.range} size="sm" options={Object.keys(CAUSE_RANGES)} />
        <ApplyButton />
      </form>
      {!parsed.success ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          Some filters were not valid and are left out.
        </p>
      ) : null}
      {causes.length === 0 ? (
        <EmptyState>
          No causes here. A cause is what failing calls have in common: Cartesia&apos;s error, an error the agent logged, a tool that failed or never answered,
          a failed transfer, a bad end reason or long dead air. Calls are grouped as they finish.
        </EmptyState>
      ) : (
        <DataTable
          label="Causes"
          columns={[
            "Cause",
            "State",
            { label: <span className="whitespace-nowrap">Calls ({filters.range})</span>, right: true },
            { label: <span className="whitespace-nowrap">24 h</span>, right: true },
            { label: <span className="whitespace-nowrap">7 d</span>, right: true },
            <span key="days" className="whitespace-nowrap">
              14 days
            </span>,
            <span key="seen" className="whitespace-nowrap">
              Last seen
            </span>,
          ]}
          variant="panel"
        >
          {causes.map((c) => (
            <tr key={c.id} data-cause={c.id}>
              <td className="max-w-md px-3 py-2">
                <Link href={`/problems/${c.id}`} className="font-medium break-words text-sky-700 hover:underline dark:text-sky-400">
                  {c.title}
                </Link>
                <div className="mt-0.5 text-xs break-words text-zinc-500 dark:text-zinc-400">
                  {CAUSE_KIND_LABELS[c.kind as CauseKind] ?? c.kind}
                  {c.agents.length ? ` · ${c.agents.map((a) => a.agentId).join(", ")}` : ""}
                </div>
              </td>
              <td className="px-3 py-2">
                <div className="flex flex-col items-start gap-1">
                  <CauseState state={c.state} />
                  {c.state === "new" && c.firstDeploymentId ? (
                    <span className="max-w-40 truncate text-xs text-zinc-500 dark:text-zinc-400" title={c.firstDeploymentId}>
                      new in {c.firstDeploymentId}
                    </span>
                  ) : null}
                </div>
              </td>
              <td className="px-3 py-2 text-right tabular-nums">{c.callsInRange.toLocaleString("en")}</td>
              <td className="px-3 py-2 text-right tabular-nums">{c.calls24h.toLocaleString("en")}</td>
              <td className="px-3 py-2 text-right tabular-nums">{c.calls7d.toLocaleString("en")}</td>
              <td className="px-3 py-2">
                <Sparkline days={c.sparkline} />
              </td>
              <td className="px-3 py-2 whitespace-nowrap">
                <LocalTime iso={c.lastSeenAt.toISOString()} />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}
