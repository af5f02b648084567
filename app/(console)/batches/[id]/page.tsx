import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CallsTable } from "@/components/calls/calls-table";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/session";
import { getBatch } from "@/lib/batches/get-batches";
import { callFiltersSchema } from "@/lib/calls/call-filters";
import { listCalls } from "@/lib/calls/list-calls";
import { readPool } from "@/lib/db/client";
import { BackLink } from "@/components/ui/back-link";
import { BatchStatus, Progress } from "../batch-parts";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Batch ${decodeURIComponent((await params).id)}` };
}

function Counts({ title, testId, counts }: { title: string; testId: string; counts: { key: string; n: number }[] }) {
  return (
    <Card>
      <h2 className="mb-2 text-base font-semibold">{title}</h2>
      <ul className="space-y-1 text-sm" data-testid={testId}>
        {counts.map((o) => (
          <li key={o.key} className="flex justify-between gap-3">
            <span>{o.key}</span>
            <span className="tabular-nums">{o.n}</span>
          </li>
        ))}
      </ul>
    </Card>
  );
}

export default async function BatchPage({ params }: Props) {
  await requireUser();
  const id = decodeURIComponent((await params).id);
  const [batch, calls] = await Promise.all([getBatch(readPool(), id), listCalls(readPool(), callFiltersSchema.parse({ batch: id, limit: "100" }))]);
  if (!batch) notFound();
  const outcomes = { total: batch.calls, byStatus: batch.byStatus, byEndReason: batch.byEndReason };
  return (
    <div>
      <nav className="mb-3 text-sm">
        <BackLink href="/batches" label="Batches" />
      </nav>
      <PageHeader
        title={batch.name ?? `Batch ${id}`}
        description={`${outcomes.total.toLocaleString("en")} calls here of one Cartesia batch (an outbound campaign), with their outcomes.`}
      />
      <dl className="mb-4 flex flex-wrap gap-x-6 gap-y-2 text-sm" data-testid="batch-facts">
        <div>
          <dt className="text-xs text-zinc-500 dark:text-zinc-400">Status</dt>
          <dd>
            <BatchStatus status={batch.status} />
          </dd>
        </div>
        <div>
          <dt className="text-xs text-zinc-500 dark:text-zinc-400">Finished of scheduled</dt>
          <dd className="tabular-nums">
            <Progress batch={batch} />
          </dd>
        </div>
        <div>
          <dt className="text-xs text-zinc-500 dark:text-zinc-400">Dispatched</dt>
          <dd className="tabular-nums">{batch.totalCallsDispatched ?? "—"}</dd>
        </div>
        <div className="min-w-0">
          <dt className="text-xs text-zinc-500 dark:text-zinc-400">Id</dt>
          <dd className="font-mono text-xs break-all">{id}</dd>
        </div>
      </dl>
      <div className="mb-6 grid gap-4 md:grid-cols-2">
        <Counts title="By status" testId="batch-statuses" counts={outcomes.byStatus} />
        <Counts title="By end reason" testId="batch-end-reasons" counts={outcomes.byEndReason} />
      </div>
      <CallsTable rows={calls.rows} caption={`Calls of batch ${id}`} />
      {calls.nextCursor ? (
        <Link href={`/calls?batch=${encodeURIComponent(id)}`} className="mt-2 inline-block text-sm text-sky-700 hover:underline dark:text-sky-400">
          All calls of this batch →
        </Link>
      ) : null}
    </div>
  );
}
