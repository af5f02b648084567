import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { LocalTime } from "@/components/ui/local-time";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/session";
import { listBatches } from "@/lib/batches/get-batches";
import { readPool } from "@/lib/db/client";
import { BatchStatus, Progress } from "./batch-parts";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Batches" };

export default async function BatchesPage() {
  await requireUser();
  const batches = await listBatches(readPool(), { limit: 200 });
  return (
    <div>
      <PageHeader
        title="Batches"
        description="Cartesia's call batches (outbound campaigns): their names, statuses and counts as the sync last read them, and the calls Callscope holds of each."
      />
      {batches.length ? (
        <DataTable
          label="Call batches"
          variant="panel"
          columns={["Batch", "Status", { label: "Finished of scheduled", right: true }, { label: "Calls here", right: true }, "Created"]}
        >
          {batches.map((b) => (
            <tr key={b.id} data-testid="batch-row">
              <td className="px-3 py-2">
                <Link href={`/batches/${encodeURIComponent(b.id)}`} className="font-medium text-sky-700 hover:underline dark:text-sky-400">
                  {b.name ?? b.id}
                </Link>
                {b.name ? <div className="font-mono text-xs break-all text-zinc-500 dark:text-zinc-400">{b.id}</div> : null}
              </td>
              <td className="px-3 py-2">
                <BatchStatus status={b.status} />
              </td>
              <td className="px-3 py-2 text-right tabular-nums">
                <Progress batch={b} />
              </td>
              <td className="px-3 py-2 text-right tabular-nums">{b.calls}</td>
              <td className="px-3 py-2 text-xs">{b.createdAt ? <LocalTime iso={b.createdAt} /> : <Badge>not synced</Badge>}</td>
            </tr>
          ))}
        </DataTable>
      ) : (
        <EmptyState>No batches yet. They come with the Cartesia sync (Settings → Cartesia sync), and with calls that carry a batch_id.</EmptyState>
      )}
    </div>
  );
}
