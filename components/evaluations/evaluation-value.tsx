import { Badge } from "@/components/ui/badge";

/** A figure of an evaluation metric: a pass rate as a percentage, a mean as a number. */
export function formatFigure(value: number | null, passRate: boolean): string {
  if (value === null) return "—";
  return passRate ? `${(value * 100).toFixed(1)}%` : value.toFixed(2);
}

/** One result of one call: pass or fail for true/false, the value otherwise, "not computed" when Cartesia failed. */
export function EvaluationValue({ value, status }: { value: unknown; status: string }) {
  if (status !== "completed") return <Badge tone="amber">not computed</Badge>;
  if (value === true || value === "true") return <Badge tone="green">pass</Badge>;
  if (value === false || value === "false") return <Badge tone="red">fail</Badge>;
  return <span className="font-mono text-sm">{typeof value === "string" ? value : JSON.stringify(value)}</span>;
}
