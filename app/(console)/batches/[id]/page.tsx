import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CallsTable } from "@/components/calls/calls-table";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/session";
import { batchOutcomes } from "@/lib/calls/batch-outcomes";
import { callFiltersSchema } from "@/lib/calls/call-filters";
import { listCalls } from "@/lib/calls/list-calls";
import { pool } from "@/lib/db/client";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Batch ${decodeURIComponent((await params).id)}` };
}

export default async function BatchPage({ params }: Props) {
  await requireUser();
  const id = decodeURIComponent((await params).id);
  const [outcomes, calls] = await Promise.all([batchOutcomes(pool(), id), listCalls(pool(), callFiltersSchema.parse({ batch: id, limit: "100" }))]);
  if (!outcomes.total) notFound();
  return (
    <div>
      <nav className="mb-3 text-sm">
        <Link href="/calls" className="text-sky-700 hover:underline dark:text-sky-400">
          ← Calls
        </Link>
      </nav>
      <PageHeader
        title={`Batch ${id}`}
        description={`${outcomes.total.toLocaleString("en")} calls of one Cartesia batch (an outbound campaign), with their outcomes.`}
      />
      <div className="mb-6 grid gap-4 md:grid-cols-2">
        <Card>
          <h2 className="mb-2 text-base font-semibold">By status</h2>
          <ul className="space-y-1 text-sm" data-testid="batch-statuses">
            {outcomes.byStatus.map((o) => (
              <li key={o.key} className="flex justify-between gap-3">
                <span>{o.key}</span>
                <span className="tabular-nums">{o.n}</span>
              </li>
            ))}
          </ul>
        </Card>
        <Card>
          <h2 className="mb-2 text-base font-semibold">By end reason</h2>
          <ul className="space-y-1 text-sm" data-testid="batch-end-reasons">
            {outcomes.byEndReason.map((o) => (
              <li key={o.key} className="flex justify-between gap-3">
                <span>{o.key}</span>
                <span className="tabular-nums">{o.n}</span>
              </li>
            ))}
          </ul>
        </Card>
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
