import { Badge } from "@/components/ui/badge";

export function DeploymentStatus({ status, isLive }: { status: string | null; isLive: boolean | null }) {
  const tone = status?.endsWith("error") ? "red" : status === "deployed" ? "green" : status === "inactive" ? "gray" : "blue";
  return (
    <span className="flex items-center gap-1">
      {status ? <Badge tone={tone}>{status}</Badge> : <span className="text-zinc-400">—</span>}
      {isLive ? <Badge tone="green">live</Badge> : null}
    </span>
  );
}
