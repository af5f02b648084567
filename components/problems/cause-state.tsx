import { Badge, type Tone } from "@/components/ui/badge";

const TONE: Record<string, Tone> = { new: "violet", ongoing: "amber", regressed: "red", resolved: "green", ignored: "gray" };
const LABEL: Record<string, string> = { new: "New", ongoing: "Ongoing", regressed: "Regressed", resolved: "Resolved", ignored: "Ignored" };

export function CauseState({ state }: { state: string }) {
  return <Badge tone={TONE[state] ?? "gray"}>{LABEL[state] ?? state}</Badge>;
}
