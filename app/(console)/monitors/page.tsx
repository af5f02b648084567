import type { Metadata } from "next";
import Link from "next/link";
import { MonitorForm } from "@/components/monitors/monitor-form";
import { MonitorState } from "@/components/monitors/monitor-state";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { LocalTime } from "@/components/ui/local-time";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { describeCondition, formatFigure, MONITOR_METRICS, type MonitorMetric } from "@/lib/monitors/monitor-definitions";
import { listMonitors, monitorChoices } from "@/lib/monitors/monitor-store";

export const metadata: Metadata = { title: "Monitors" };
export const dynamic = "force-dynamic";

export default async function MonitorsPage() {
  const user = await requireUser();
  const admin = user.role === "admin";
  const [monitors, choices] = await Promise.all([listMonitors(db()), admin ? monitorChoices(db()) : null]);
  return (
    <div className="max-w-6xl space-y-6">
      <PageHeader
        title="Monitors"
        description="Each watches one figure over a trailing window and tells a webhook, Slack or email when it starts firing and when it resolves."
      />
      {monitors.length === 0 ? (
        <EmptyState>No monitors yet.{admin ? " Make the first below." : " An admin can make them."}</EmptyState>
      ) : (
        <DataTable
          label="Monitors"
          columns={["Monitor", "State", { label: "Now", right: true }, "Fires when", "Watching", "Window", "Evaluated"]}
          variant="panel"
        >
          {monitors.map((m) => (
            <tr key={m.id}>
              <td className="px-3 py-2">
                <Link href={`/monitors/${m.id}`} className="font-medium text-sky-700 hover:underline dark:text-sky-400">
                  {m.name}
                </Link>
              </td>
              <td className="px-3 py-2">
                <MonitorState state={m.state} paused={m.paused} />
              </td>
              <td className="px-3 py-2 text-right whitespace-nowrap tabular-nums">{formatFigure(m.metric as MonitorMetric, m.lastValue)}</td>
              <td className="px-3 py-2 whitespace-nowrap">{describeCondition(m.metric as MonitorMetric, m.threshold)}</td>
              <td className="max-w-48 truncate px-3 py-2 font-mono text-xs" title={[m.agentId, m.deploymentId].filter(Boolean).join(" · ")}>
                {[m.agentId, m.deploymentId].filter(Boolean).join(" · ") || "every call"}
              </td>
              <td className="px-3 py-2 whitespace-nowrap">{m.windowMinutes} min</td>
              <td className="px-3 py-2 whitespace-nowrap">{m.lastEvaluatedAt ? <LocalTime iso={m.lastEvaluatedAt.toISOString()} /> : "—"}</td>
            </tr>
          ))}
        </DataTable>
      )}
      {choices ? (
        <Card>
          <h2 className="mb-3 text-lg font-semibold">New monitor</h2>
          <MonitorForm
            values={{
              name: "",
              metric: Object.keys(MONITOR_METRICS)[0] as MonitorMetric,
              agentId: "",
              deploymentId: "",
              evaluation: "",
              causeId: "",
              windowMinutes: 15,
              threshold: "",
              minValues: 10,
              renotifyMinutes: "",
              paused: false,
              webhookUrl: "",
              hasWebhookSecret: false,
              slackHint: null,
              emailTo: "",
            }}
            {...choices}
          />
        </Card>
      ) : null}
    </div>
  );
}
