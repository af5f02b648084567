import type { Metadata } from "next";
import Link from "next/link";
import { TtfbCells } from "@/components/calls/ttfb-badge";
import { DeploymentStatus } from "@/components/deployments/deployment-status";
import { EmptyState } from "@/components/ui/empty-state";
import { LocalTime } from "@/components/ui/local-time";
import { PageHeader } from "@/components/ui/page-header";
import { readPool } from "@/lib/db/client";
import { listDeployments } from "@/lib/deployments/list-deployments";
import { requireUser } from "@/lib/auth/session";
import { DataTable } from "@/components/ui/data-table";
import { CONVERSATION_COLUMNS, ConversationCells } from "@/components/conversation/conversation-cells";

export const metadata: Metadata = { title: "Deployments" };
export const dynamic = "force-dynamic";

export default async function DeploymentsPage() {
  await requireUser();
  const deployments = await listDeployments(readPool());
  return (
    <div>
      <PageHeader title="Deployments" description="Each deployment of your agents, with its calls and their speech latency." />
      {deployments.length === 0 ? (
        <EmptyState>
          No deployments yet. They appear when a call names its <code className="font-mono">deployment_id</code>, when you send one to{" "}
          <code className="font-mono">PUT /api/v1/deployments/&#123;id&#125;</code>, or when Callscope syncs from Cartesia.
        </EmptyState>
      ) : (
        <DataTable
          label="Deployments"
          columns={["Deployment", "Agent", "Status", "Git", "Created", { label: "Calls", right: true }, "TTFB p50", "TTFB p95", ...CONVERSATION_COLUMNS]}
          variant="panel"
        >
          {deployments.map((d) => (
            <tr key={d.id} data-deployment-id={d.id}>
              <td className="px-3 py-2 font-mono text-xs">
                <Link href={`/deployments/${encodeURIComponent(d.id)}`} className="text-sky-700 hover:underline dark:text-sky-400">
                  {d.id}
                </Link>
              </td>
              <td className="px-3 py-2 font-mono text-xs">{d.agentId ?? "—"}</td>
              <td className="px-3 py-2">
                <DeploymentStatus status={d.status} isLive={d.isLive} />
              </td>
              <td className="px-3 py-2 font-mono text-xs">{d.gitCommitHash ?? "—"}</td>
              <td className="px-3 py-2">{d.createdAt ? <LocalTime iso={d.createdAt.toISOString()} /> : <span className="text-zinc-400">—</span>}</td>
              <td className="px-3 py-2 text-right tabular-nums" data-testid="deployment-calls">
                {d.calls}
              </td>
              <TtfbCells seconds={[d.ttfbP50, d.ttfbP95]} />
              <ConversationCells stats={d.conversation} />
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}
