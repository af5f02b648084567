// The latency page's tables: figures per agent, deployment or version, and
// a change against the previous deployment with its bootstrap interval.
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";
import type { Shift } from "@/lib/latency/compare-deployments";
import type { DeploymentComparison } from "@/lib/latency/compare-with-previous";
import type { GroupRow } from "@/lib/latency/latency-types";

export const fmt = (ms: number | null | undefined) => (ms === null || ms === undefined ? "—" : `${Math.round(ms)} ms`);

export function ShiftCell({ shift }: { shift: Shift | null | undefined }) {
  if (!shift) return <span className="text-zinc-400">—</span>;
  const sign = shift.change > 0 ? "+" : "";
  return (
    <span title={`95% bootstrap interval of the change: ${Math.round(shift.low)} to ${Math.round(shift.high)} ms`}>
      <span className="tabular-nums">
        {sign}
        {Math.round(shift.change)} ms
      </span>{" "}
      {shift.significant ? <Badge tone={shift.change > 0 ? "red" : "green"}>{shift.change > 0 ? "slower" : "faster"}</Badge> : <Badge>noise</Badge>}
    </span>
  );
}

export function GroupTable({ rows, label, threshold, link }: { rows: GroupRow[]; label: string; threshold: number; link: (key: string) => string }) {
  return (
    <DataTable
      label={`Latency by ${label.toLowerCase()}`}
      columns={[
        label,
        { label: "Values", right: true },
        { label: "p50", right: true },
        { label: "p95", right: true },
        { label: "p99", right: true },
        { label: "max", right: true },
        { label: <>over {threshold} ms</>, right: true },
      ]}
      nowrap
    >
      {rows.map((r) => (
        <tr key={r.key} data-group={r.key}>
          <td className="py-1 pr-3 font-mono text-xs">
            <Link className="text-sky-700 hover:underline dark:text-sky-400" href={link(r.key)}>
              {r.key}
            </Link>
          </td>
          <td className="py-1 pr-3 text-right tabular-nums">{r.n.toLocaleString("en")}</td>
          <td className="py-1 pr-3 text-right tabular-nums" data-testid="p50">
            {fmt(r.p50)}
          </td>
          <td className="py-1 pr-3 text-right tabular-nums">{fmt(r.p95)}</td>
          <td className="py-1 pr-3 text-right tabular-nums">{fmt(r.p99)}</td>
          <td className="py-1 pr-3 text-right tabular-nums">{fmt(r.max)}</td>
          <td className="py-1 text-right tabular-nums">{(r.over * 100).toFixed(1)}%</td>
        </tr>
      ))}
    </DataTable>
  );
}

/** Deployments ranked by p95, each against the previous deployment of its agent. */
export function DeploymentTable({ rows, comparisons, threshold }: { rows: GroupRow[]; comparisons: Map<string, DeploymentComparison>; threshold: number }) {
  return (
    <DataTable
      label="Latency by deployment"
      columns={[
        "Deployment",
        "Agent",
        { label: "Values", right: true },
        { label: "p50", right: true },
        { label: "p95", right: true },
        { label: "p99", right: true },
        { label: <>over {threshold} ms</>, right: true },
        "p50 vs previous",
        "p95 vs previous",
      ]}
      nowrap
    >
      {/* Ranked: the slowest p95 first, so the deployment that keeps callers waiting is on top. */}
      {[...rows]
        .sort((a, b) => b.p95 - a.p95 || a.key.localeCompare(b.key))
        .map((d) => {
          const c = comparisons.get(d.key);
          return (
            <tr key={d.key} data-deployment={d.key}>
              <td className="py-1 pr-3 font-mono text-xs">
                <Link className="text-sky-700 hover:underline dark:text-sky-400" href={`/deployments/${encodeURIComponent(d.key)}`}>
                  {d.key}
                </Link>
              </td>
              <td className="py-1 pr-3 font-mono text-xs">{d.agentId}</td>
              <td className="py-1 pr-3 text-right tabular-nums">{d.n.toLocaleString("en")}</td>
              <td className="py-1 pr-3 text-right tabular-nums">{fmt(d.p50)}</td>
              <td className="py-1 pr-3 text-right tabular-nums">{fmt(d.p95)}</td>
              <td className="py-1 pr-3 text-right tabular-nums">{fmt(d.p99)}</td>
              <td className="py-1 pr-3 text-right tabular-nums">{(d.over * 100).toFixed(1)}%</td>
              <td className="py-1 pr-3" data-testid="p50-shift">
                {c?.previousId ? <ShiftCell shift={c.p50} /> : <span className="text-xs text-zinc-500 dark:text-zinc-400">first deployment</span>}
              </td>
              <td className="py-1">{c?.previousId ? <ShiftCell shift={c.p95} /> : null}</td>
            </tr>
          );
        })}
    </DataTable>
  );
}
