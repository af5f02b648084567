import { Card } from "@/components/ui/card";
import type { GroupRow } from "@/lib/latency/latency-types";
import { GroupTable } from "./latency-tables";

/** The figures of each agent; a row links to the page for that agent alone. */
export function ByAgentCard({
  rows,
  threshold,
  link,
  className,
}: {
  rows: GroupRow[];
  threshold: number;
  link: (agent: string) => string;
  className?: string;
}) {
  return (
    <Card className={className}>
      <h2 className="mb-2 text-base font-semibold">By agent</h2>
      <GroupTable rows={rows} label="Agent" threshold={threshold} link={link} />
    </Card>
  );
}
