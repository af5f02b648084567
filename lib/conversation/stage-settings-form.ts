// Settings → Latency's form as the stored mapping: pure, so it is tested
// without a server. Each stage's field is metric names in order of
// preference, separated by commas or spaces.
import { z } from "zod";
import { formFields } from "@/lib/http/form-fields";
import { type Stage, STAGES, type StageMetrics, stageMetricsSchema } from "@/lib/stage-metrics";

export type StageFormResult = { ok: true; value: StageMetrics } | { ok: false; error: string };

/** A stage's field as its names, checked as the stored mapping checks them. */
const names = (stage: Stage) =>
  z
    .string()
    .default("")
    .transform((v) => v.split(/[\s,]+/).filter(Boolean))
    .pipe(stageMetricsSchema.shape[stage]);

const stageForm = z.object(Object.fromEntries(STAGES.map((stage) => [stage, names(stage)])) as Record<Stage, ReturnType<typeof names>>);

export function stageMetricsFromForm(form: FormData): StageFormResult {
  const read = formFields(form, stageForm);
  if (read.ok) return { ok: true, value: read.data };
  // The first stage refused, in the page's order.
  const stage = STAGES.find((s) => s in read.errors);
  return { ok: false, error: `${stage}: metric names are letters, digits and _ . : - (up to 20 per stage).` };
}
