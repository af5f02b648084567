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
import { BackLink } from "@/components/ui/back-link";

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
  const [outcomes, calls] = await Promise.all([batchOutcomes(pool(), id), listCalls(pool(), callFiltersSchema.parse({ batch: id, limit: "100" }))]);
  if (!outcomes.total) notFound();
  return (
    <div>
      <nav className="mb-3 text-sm">
        <BackLink href="/calls" label="Calls" />
      </nav>
      <PageHeader
        title={`Batch ${id}`}
        description={`${outcomes.total.toLocaleString("en")} calls of one Cartesia batch (an outbound campaign), with their outcomes.`}
      />
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
