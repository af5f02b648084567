import { Badge, type Tone } from "@/components/ui/badge";

const TONE: Record<string, Tone> = { firing: "red", ok: "green", no_data: "gray" };
const LABEL: Record<string, string> = { firing: "Firing", ok: "OK", no_data: "No data" };

/** A monitor's state; a paused monitor says so whatever its last state. */
export function MonitorState({ state, paused = false }: { state: string; paused?: boolean }) {
  if (paused) return <Badge tone="amber">Paused</Badge>;
  return <Badge tone={TONE[state] ?? "gray"}>{LABEL[state] ?? state}</Badge>;
}
