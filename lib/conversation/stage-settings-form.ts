// Settings → Latency's form as the stored mapping: pure, so it is tested
// without a server. Each stage's field is metric names in order of
// preference, separated by commas or spaces.
import { STAGES, type StageMetrics, stageMetricsSchema } from "@/lib/stage-metrics";

export type StageFormResult = { ok: true; value: StageMetrics } | { ok: false; error: string };

export function stageMetricsFromForm(form: FormData): StageFormResult {
  const value = Object.fromEntries(
    STAGES.map((stage) => [
      stage,
      String(form.get(stage) ?? "")
        .split(/[\s,]+/)
        .filter(Boolean),
    ]),
  );
  const parsed = stageMetricsSchema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, error: `${String(issue.path[0])}: metric names are letters, digits and _ . : - (up to 20 per stage).` };
}
