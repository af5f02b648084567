import { Badge, type Tone } from "@/components/ui/badge";

const TONE: Record<string, Tone> = {
  completed: "green",
  failed: "red",
  cancelled: "amber",
  started: "blue",
  active: "blue",
  created: "gray",
  placeholder: "gray",
};

const LABEL: Record<string, string> = { placeholder: "pending", started: "active" };

export function StatusBadge({ status }: { status: string }) {
  const live = status === "started" || status === "active";
  return (
    <Badge tone={TONE[status] ?? "gray"} title={status === "placeholder" ? "Telemetry arrived before any webhook for this call" : undefined}>
      {live ? <span aria-hidden className="mr-1 inline-block h-1.5 w-1.5 animate-pulse rounded-full bg-sky-500" /> : null}
      {LABEL[status] ?? status}
    </Badge>
  );
}
