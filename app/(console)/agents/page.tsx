import type { Metadata } from "next";
import Link from "next/link";
import { TtfbCells } from "@/components/calls/ttfb-badge";
import { EmptyState } from "@/components/ui/empty-state";
import { LocalTime } from "@/components/ui/local-time";
import { PageHeader } from "@/components/ui/page-header";
import { listAgents } from "@/lib/agents/list-agents";
import { readPool } from "@/lib/db/client";
import { requireUser } from "@/lib/auth/session";
import { DataTable } from "@/components/ui/data-table";
import { CONVERSATION_COLUMNS, ConversationCells } from "@/components/conversation/conversation-cells";
import { visibleId } from "@/components/ui/visible-id";

export const metadata: Metadata = { title: "Agents" };
export const dynamic = "force-dynamic";

export default async function AgentsPage() {
  await requireUser();
  const agents = await listAgents(readPool());
  return (
    <div>
      <PageHeader title="Agents" description="Every agent that has sent a call. Click one to see its calls." />
      {agents.length === 0 ? (
        <EmptyState>No agents yet: they appear with their first call.</EmptyState>
      ) : (
        <DataTable
          label="Agents"
          columns={[
            "Agent",
            { label: "Calls", right: true },
            { label: "Failure rate", right: true },
            "TTFB p50",
            "p95",
            "p99",
            ...CONVERSATION_COLUMNS,
            "Last call",
          ]}
          variant="panel"
        >
          {agents.map((a) => (
            <tr key={a.id} data-agent-id={a.id} className="hover:bg-zinc-50 dark:hover:bg-zinc-800/50">
              <td className="px-3 py-2 font-mono text-xs">
                <Link href={`/calls?agent=${encodeURIComponent(a.id)}`} className="text-sky-700 hover:underline dark:text-sky-400">
                  {visibleId(a.name ?? a.id)}
                </Link>
              </td>
              <td className="px-3 py-2 text-right tabular-nums" data-testid="agent-calls">
                {a.calls}
              </td>
              <td className="px-3 py-2 text-right tabular-nums" data-testid="agent-failure-rate">
                {a.calls ? `${((a.failed / a.calls) * 100).toFixed(1)}%` : "—"}
              </td>
              <TtfbCells seconds={[a.ttfbP50, a.ttfbP95, a.ttfbP99]} />
              <ConversationCells stats={a.conversation} />
              <td className="px-3 py-2">{a.lastCallAt ? <LocalTime iso={a.lastCallAt.toISOString()} /> : "—"}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}
