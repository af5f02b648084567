import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { MonitorChart } from "@/components/monitors/monitor-chart";
import { MonitorForm } from "@/components/monitors/monitor-form";
import { MonitorState } from "@/components/monitors/monitor-state";
import { TestChannelButton } from "@/components/monitors/test-channel-button";
import { BackLink } from "@/components/ui/back-link";
import { Badge } from "@/components/ui/badge";
import { Button, buttonVariants } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { LocalTime } from "@/components/ui/local-time";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { validPathId } from "@/lib/http/validation";
import { callsUrl } from "@/lib/monitors/notify";
import { deleteMonitorAction } from "@/lib/monitors/monitor-actions";
import { describeCondition, formatFigure, MONITOR_METRICS, type MonitorMetric } from "@/lib/monitors/monitor-definitions";
import { channelShown, channelsOf, findMonitor, maskUrl, monitorChoices, monitorDetail, monitorSamples } from "@/lib/monitors/monitor-store";

export const metadata: Metadata = { title: "Monitor" };
export const dynamic = "force-dynamic";

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-zinc-500 uppercase">{label}</dt>
      <dd className="mt-0.5 text-sm break-words [&_time]:whitespace-normal">{children}</dd>
    </div>
  );
}

export default async function MonitorPage({ params }: { params: Promise<{ monitorId: string }> }) {
  const user = await requireUser();
  const { monitorId } = await params;
  const monitor = validPathId(monitorId) ? await findMonitor(db(), monitorId) : null;
  if (!monitor) notFound();
  // Members see where each channel goes, masked, and whether a delivery went out, never why not: the
  // addresses carry credentials, and the reasons name hosts of the network.
  const role = user.role === "admin" ? "admin" : "member";
  const metric = monitor.metric as MonitorMetric;
  const definition = MONITOR_METRICS[metric];
  const [detail, samples, choices] = await Promise.all([
    monitorDetail(db(), monitor),
    monitorSamples(db(), monitor.id),
    user.role === "admin" ? monitorChoices(db()) : null,
  ]);
  const channels = channelsOf(monitor);
  const webhook = channels.find((c) => c.type === "webhook");
  const slack = channels.find((c) => c.type === "slack");
  const email = channels.find((c) => c.type === "email");
  // The calls behind the figure now: a relative link, so it opens on this console whatever its public URL.
  const calls = new URL(
    callsUrl({ metric, agent_id: monitor.agentId, deployment_id: monitor.deploymentId, window_minutes: monitor.windowMinutes }, new Date()),
  );
  return (
    <div className="max-w-6xl space-y-6">
      <BackLink href="/monitors" label="Monitors" />
      <PageHeader
        title={monitor.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <MonitorState state={monitor.state} paused={monitor.paused} /> {describeCondition(metric, monitor.threshold)}, over {monitor.windowMinutes} min
          </span>
        }
        actions={
          <a href={calls.pathname + calls.search} className={buttonVariants()}>
            Open the calls
          </a>
        }
      />
      <Card>
        <dl className="grid grid-cols-2 gap-4 sm:grid-cols-3">
          <Fact label="Now">
            <span className="font-semibold tabular-nums" data-testid="monitor-value">
              {formatFigure(metric, monitor.lastValue)}
            </span>
          </Fact>
          <Fact label="Threshold">{formatFigure(metric, monitor.threshold)}</Fact>
          <Fact label={definition.values ?? "Values"}>{definition.values ? `${monitor.lastCount ?? 0} (fewest ${monitor.minValues})` : "—"}</Fact>
          <Fact label="Watching">
            {[monitor.agentId, monitor.deploymentId, monitor.evaluation].filter(Boolean).join(" · ") || "every call"}
            {monitor.causeId ? (
              <>
                {" · "}
                <Link href={`/problems/${monitor.causeId}`} className="text-sky-700 hover:underline dark:text-sky-400">
                  its cause
                </Link>
              </>
            ) : null}
          </Fact>
          <Fact label="State since">
            <LocalTime iso={monitor.stateSince.toISOString()} />
          </Fact>
          <Fact label="Evaluated">{monitor.lastEvaluatedAt ? <LocalTime iso={monitor.lastEvaluatedAt.toISOString()} /> : "not yet"}</Fact>
        </dl>
      </Card>
      <Card>
        <h2 className="mb-2 text-lg font-semibold">{definition.label}, last 24 hours</h2>
        <MonitorChart points={samples.map((s) => ({ at: s.at.getTime(), value: s.value }))} threshold={monitor.threshold} unit={definition.unit} />
      </Card>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <h2 className="mb-2 text-lg font-semibold">History</h2>
          {detail.history.length === 0 ? (
            <p className="text-sm text-zinc-500">No change of state yet.</p>
          ) : (
            <DataTable label="History" columns={["When", "From", "To", { label: "Value", right: true }]}>
              {detail.history.map((h, i) => (
                <tr key={i}>
                  <td className="py-1 pr-3 whitespace-nowrap">
                    <LocalTime iso={h.at} />
                  </td>
                  <td className="py-1 pr-3">
                    <MonitorState state={h.from} />
                  </td>
                  <td className="py-1 pr-3">
                    <MonitorState state={h.to} />
                  </td>
                  <td className="py-1 pr-3 text-right whitespace-nowrap tabular-nums">{formatFigure(metric, h.value)}</td>
                </tr>
              ))}
            </DataTable>
          )}
        </Card>
        <Card>
          <h2 className="mb-2 text-lg font-semibold">Notifications</h2>
          {channels.length === 0 ? <p className="mb-2 text-sm text-zinc-500">No channel: state changes are only shown here.</p> : null}
          <ul className="mb-3 space-y-2">
            {channels.map((c) => (
              <li key={c.id} className="flex flex-wrap items-center gap-2 text-sm">
                <Badge tone="blue">{c.type}</Badge>
                <span className="min-w-0 font-mono text-xs break-all" data-testid="channel-address">
                  {channelShown(c, role)}
                </span>
                {choices ? <TestChannelButton monitorId={monitor.id} channelId={c.id} /> : null}
              </li>
            ))}
          </ul>
        </Card>
      </div>
      <Card>
        <h2 className="mb-2 text-lg font-semibold">Delivery log</h2>
        {detail.deliveries.length ? (
          <DataTable label="Delivery log" columns={["When", "Channel", "Event", "Try", "Outcome"]}>
            {detail.deliveries.map((d, i) => (
              <tr key={i}>
                <td className="py-1 pr-3 whitespace-nowrap">
                  <LocalTime iso={d.at} />
                </td>
                <td className="py-1 pr-3">{d.channel_type}</td>
                <td className="py-1 pr-3">{d.event}</td>
                <td className="py-1 pr-3 tabular-nums">{d.attempt}</td>
                <td className="py-1 pr-3">
                  <Badge tone={d.outcome === "sent" ? "green" : "red"} title={role === "admin" ? (d.error ?? undefined) : undefined}>
                    {d.outcome}
                    {d.response_status ? ` ${d.response_status}` : ""}
                  </Badge>
                  {d.error && role === "admin" ? <div className="mt-1 min-w-48 text-xs break-words text-zinc-500">{d.error.slice(0, 160)}</div> : null}
                </td>
              </tr>
            ))}
          </DataTable>
        ) : (
          <p className="text-sm text-zinc-500">Nothing sent yet.</p>
        )}
      </Card>
      {choices ? (
        <Card>
          <h2 className="mb-3 text-lg font-semibold">Edit</h2>
          <MonitorForm
            values={{
              id: monitor.id,
              name: monitor.name,
              metric,
              agentId: monitor.agentId ?? "",
              deploymentId: monitor.deploymentId ?? "",
              evaluation: monitor.evaluation ?? "",
              causeId: monitor.causeId ?? "",
              windowMinutes: monitor.windowMinutes,
              threshold: definition.unit === "ratio" ? Number((monitor.threshold * 100).toFixed(4)) : monitor.threshold,
              minValues: monitor.minValues,
              renotifyMinutes: monitor.renotifyMinutes ?? "",
              paused: monitor.paused,
              webhookUrl: webhook?.type === "webhook" ? webhook.url : "",
              hasWebhookSecret: Boolean(webhook),
              slackHint: slack?.type === "slack" ? maskUrl(slack.url) : null,
              emailTo: email?.type === "email" ? email.to : "",
            }}
            agents={choices.agents}
            deployments={choices.deployments}
            evaluations={choices.evaluations}
            causes={choices.causes}
          />
          <form action={deleteMonitorAction} className="mt-4 border-t border-zinc-200 pt-4 dark:border-zinc-800">
            <input type="hidden" name="id" value={monitor.id} />
            <Button type="submit" variant="danger" className="dark:text-red-400">
              Delete monitor
            </Button>
          </form>
        </Card>
      ) : null}
    </div>
  );
}
