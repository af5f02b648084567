import type { Metadata } from "next";
import Link from "next/link";
import { formatFigure } from "@/components/evaluations/evaluation-value";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/session";
import { readPool } from "@/lib/db/client";
import { evaluationFigures, type MetricGroup } from "@/lib/evaluations/evaluation-figures";
import type { Shift } from "@/lib/latency/compare-deployments";
import { DataTable } from "@/components/ui/data-table";
import { visibleId } from "@/components/ui/visible-id";

export const metadata: Metadata = { title: "Evaluations" };
export const dynamic = "force-dynamic";

function ShiftCell({ shift, passRate }: { shift: Shift; passRate: boolean }) {
  const scale = passRate ? 100 : 1;
  const unit = passRate ? " pts" : "";
  const fmt = (v: number) => `${v > 0 ? "+" : ""}${(v * scale).toFixed(passRate ? 1 : 2)}${unit}`;
  return (
    <span title={`95% bootstrap interval of the change: ${fmt(shift.low)} to ${fmt(shift.high)}`}>
      <span className="tabular-nums">{fmt(shift.change)}</span>{" "}
      {shift.significant ? <Badge tone={shift.change > 0 ? "green" : "red"}>{shift.change > 0 ? "better" : "worse"}</Badge> : <Badge>noise</Badge>}
    </span>
  );
}

function Table({
  rows,
  label,
  deployments,
}: {
  rows: (MetricGroup & { previousId?: string | null; shift?: Shift | null })[];
  label: string;
  deployments?: boolean;
}) {
  return (
    <DataTable
      label={`Evaluations by ${label.toLowerCase()}`}
      columns={[
        "Metric",
        label,
        { label: "Results", right: true },
        { label: "Pass rate / mean", right: true },
        { label: "Not computed", right: true },
        ...(deployments ? ["vs previous deployment"] : []),
      ]}
      nowrap
    >
      {rows.map((r) => (
        <tr key={`${r.metric}-${r.key}`} data-metric={r.metric} data-group={r.key}>
          <td className="py-1 pr-3">{r.displayName ?? r.metric}</td>
          <td className="py-1 pr-3 font-mono text-xs">
            <Link
              className="text-sky-700 hover:underline dark:text-sky-400"
              href={deployments ? `/deployments/${encodeURIComponent(r.key)}` : `/calls?agent=${encodeURIComponent(r.key)}`}
            >
              {visibleId(r.key)}
            </Link>
          </td>
          <td className="py-1 pr-3 text-right tabular-nums">{r.n}</td>
          <td className="py-1 pr-3 text-right tabular-nums" data-testid="figure">
            {r.boolean ? (
              <Link
                className="hover:underline"
                href={`/calls?${new URLSearchParams({ eval: r.metric, eval_value: "false", [deployments ? "deployment" : "agent"]: r.key })}`}
                title="Open the calls where it failed"
              >
                {formatFigure(r.mean, true)}
              </Link>
            ) : (
              formatFigure(r.mean, false)
            )}
          </td>
          <td className="py-1 pr-3 text-right tabular-nums">{r.failed}</td>
          {deployments ? (
            <td className="py-1" data-testid="shift">
              {r.shift ? (
                <ShiftCell shift={r.shift} passRate={r.boolean} />
              ) : (
                <span className="text-xs text-zinc-500">{r.previousId ? "too few results" : "first deployment"}</span>
              )}
            </td>
          ) : null}
        </tr>
      ))}
    </DataTable>
  );
}

export default async function EvaluationsPage() {
  await requireUser();
  const { byAgent, byDeployment } = await evaluationFigures(readPool());
  return (
    <div>
      <PageHeader
        title="Evaluations"
        description="Cartesia's metrics of each call (LLM-as-a-judge and system metrics), brought in by the sync: the pass rate of true/false metrics, the mean of numeric ones."
      />
      {!byAgent.length ? (
        <Card>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            No evaluation results yet. Assign metrics to an agent at Cartesia, then sync (Settings → Cartesia sync): results of calls made since are brought in
            with the calls.
          </p>
        </Card>
      ) : (
        <div className="space-y-6">
          <Card>
            <h2 className="mb-2 text-base font-semibold">By agent</h2>
            <Table rows={byAgent} label="Agent" />
          </Card>
          <Card>
            <h2 className="mb-1 text-base font-semibold">By deployment</h2>
            <p className="mb-2 text-xs text-zinc-500">
              The change against the previous deployment of the same agent, with a 95% bootstrap interval: “noise” when the interval includes zero.
            </p>
            <Table rows={byDeployment} label="Deployment" deployments />
          </Card>
        </div>
      )}
    </div>
  );
}
