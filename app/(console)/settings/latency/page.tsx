import type { Metadata } from "next";
import { SaveOutcome } from "@/components/settings/save-outcome";
import { SettingsShell } from "@/components/settings/settings-shell";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Notice } from "@/components/ui/notice";
import { SelectField } from "@/components/ui/select-field";
import { requireAdmin } from "@/lib/auth/session";
import { readPool } from "@/lib/db/client";
import { env } from "@/lib/env";
import { remeasureAction, saveStageMetricsAction } from "@/lib/conversation/stage-settings-actions";
import { readStoredStageMetrics, withEnv } from "@/lib/conversation/stage-settings";
import { DEFAULT_STAGE_METRICS, STAGES, type Stage } from "@/lib/stage-metrics";

export const metadata: Metadata = { title: "Latency settings" };
export const dynamic = "force-dynamic";

/** Full width, dimmed when the environment fixes the mapping; names in monospace, as they are typed in the agent's code. */
const control = "w-full font-mono disabled:opacity-60";

const STAGE_HELP: Record<Stage, { name: string; where: string }> = {
  endpointing: { name: "Endpointing", where: "vad_buffer_ms is read from the assistant turn, or the user turn when only it has one" },
  stt: { name: "Speech-to-text", where: "stt_ttfb is read from the user turn being answered" },
  llm: { name: "LLM", where: "Line's LlmAgent logs llm_first_chunk_ms and llm_first_text_ms" },
  tts: { name: "Text-to-speech", where: "tts_ttfb is read from the assistant turn" },
};

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function LatencySettingsPage({ searchParams }: Props) {
  await requireAdmin();
  const query = await searchParams;
  const settings = withEnv(await readStoredStageMetrics(readPool()));
  const remeasured = typeof query.remeasured === "string" ? Number(query.remeasured) : null;
  return (
    <SettingsShell active="/settings/latency">
      <SaveOutcome
        query={query}
        saved="Saved. Calls measured from now on use it (within a few seconds on every instance); measure recent calls again below to apply it to them."
      />
      {remeasured !== null && Number.isFinite(remeasured) ? (
        <Notice tone="success" role="status" className="mb-4">
          {remeasured.toLocaleString("en-US")} call{remeasured === 1 ? "" : "s"} queued to be measured again.
        </Notice>
      ) : null}
      <form action={saveStageMetricsAction}>
        <Card>
          <h2 className="text-lg font-semibold">Stages of a turn&apos;s wait</h2>
          <p className="mt-1 mb-3 text-sm text-zinc-600 dark:text-zinc-400">
            The wait before each answered turn is split into these stages; what they do not explain is shown as unattributed. For each stage, the metric names
            that measure it, in order of preference: the first one present for a turn is used. A name is a field of Cartesia&apos;s turns (
            <code className="font-mono">vad_buffer_ms</code>, <code className="font-mono">stt_ttfb</code>, <code className="font-mono">tts_ttfb</code>) or a
            metric the agent logs with <code className="font-mono">log_metric</code>; a logged value is in milliseconds when its name ends in{" "}
            <code className="font-mono">_ms</code>, otherwise in seconds (as Pipecat-style <code className="font-mono">*_ttfb</code> are).
          </p>
          <div className="grid gap-4 sm:grid-cols-2">
            {STAGES.map((stage) => (
              <Field
                key={stage}
                label={STAGE_HELP[stage].name}
                hint={
                  <>
                    Default {DEFAULT_STAGE_METRICS[stage].join(", ")}. {STAGE_HELP[stage].where}.
                  </>
                }
                className="min-w-0"
              >
                <Input
                  id={`stage-${stage}`}
                  name={stage}
                  defaultValue={settings.metrics[stage].join(", ")}
                  placeholder={DEFAULT_STAGE_METRICS[stage].join(", ")}
                  disabled={settings.fixedByEnv}
                  className={control}
                  spellCheck={false}
                  autoComplete="off"
                />
              </Field>
            ))}
          </div>
          {settings.fixedByEnv ? (
            <p className="mt-3 font-normal text-amber-700 dark:text-amber-400">
              Set by the environment: <code className="font-mono break-all">LATENCY_STAGE_METRICS={env().LATENCY_STAGE_METRICS}</code>, which wins over this
              page.
            </p>
          ) : (
            <Button type="submit" variant="primary" className="mt-4">
              Save stage metrics
            </Button>
          )}
        </Card>
      </form>
      <Card className="mt-6">
        <h2 className="text-lg font-semibold">Measure recent calls again</h2>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          A call&apos;s stages are measured when it finishes and when its recording arrives. After changing the names, measure the recent calls again so that
          their waterfalls and the latency page use them.
        </p>
        <form action={remeasureAction} className="mt-3 flex flex-wrap items-end gap-3">
          <SelectField
            label="Finished in the last"
            fieldClassName="min-w-0"
            id="remeasure-days"
            name="days"
            defaultValue="7"
            className={control}
            options={[
              { value: "1", label: "day" },
              { value: "7", label: "7 days" },
              { value: "30", label: "30 days" },
            ]}
          />
          <Button type="submit">Measure again</Button>
        </form>
      </Card>
    </SettingsShell>
  );
}
