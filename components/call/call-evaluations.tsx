import Link from "next/link";
import { EvaluationValue } from "@/components/evaluations/evaluation-value";
import type { CallEvaluation } from "@/lib/evaluations/evaluation-figures";
import { CallSection } from "./call-section";

/** Cartesia's evaluation results of one call, each with the judge's reasoning on demand. */
export function CallEvaluations({ evaluations }: { evaluations: CallEvaluation[] }) {
  if (!evaluations.length) return null;
  return (
    <CallSection id="evaluations" title="Evaluations" note="(Cartesia)" testId="call-evaluations">
      <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
        {evaluations.map((e) => (
          <li key={`${e.metricName}-${e.runId ?? ""}`} className="py-1.5" data-metric={e.metricName}>
            <div className="flex flex-wrap items-center gap-2">
              <Link className="font-medium text-sky-700 hover:underline dark:text-sky-400" href={`/calls?eval=${encodeURIComponent(e.metricName)}`}>
                {e.displayName ?? e.metricName}
              </Link>
              <EvaluationValue value={e.value} status={e.status} />
            </div>
            {e.result || e.jsonResult ? (
              <details className="mt-1">
                <summary className="cursor-pointer text-xs text-zinc-500 dark:text-zinc-400">Why</summary>
                <pre tabIndex={0} className="mt-1 max-h-48 overflow-auto rounded bg-zinc-50 p-2 font-mono text-xs whitespace-pre-wrap dark:bg-zinc-950">
                  {e.jsonResult ? JSON.stringify(e.jsonResult, null, 2) : e.result}
                </pre>
              </details>
            ) : null}
          </li>
        ))}
      </ul>
    </CallSection>
  );
}
