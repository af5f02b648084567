import { Badge, type Tone } from "@/components/ui/badge";
import type { BatchView } from "@/lib/batches/get-batches";

const TONE: Record<string, Tone> = { completed: "green", in_progress: "blue", pending: "gray", failed: "red", cancelled: "amber" };

/** Cartesia's batch status as a badge; "not synced" while only calls name the batch. */
export function BatchStatus({ status }: { status: string | null }) {
  return status ? <Badge tone={TONE[status] ?? "violet"}>{status.replace("_", " ")}</Badge> : <Badge>not synced</Badge>;
}

/** Finished of scheduled calls, with the dispatched count on hover. */
export function Progress({ batch }: { batch: Pick<BatchView, "totalCallsScheduled" | "totalCallsDispatched" | "totalCallsFinished"> }) {
  if (batch.totalCallsScheduled === null) return <span className="text-zinc-500">—</span>;
  return (
    <span title={`${batch.totalCallsDispatched ?? 0} dispatched`}>
      {batch.totalCallsFinished ?? 0} / {batch.totalCallsScheduled}
    </span>
  );
}
