"use client";

import { useActionState } from "react";
import { type CauseActionState, changeCauseStateAction } from "@/lib/causes/cause-actions";

const control = "rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900";
const button = "rounded-md bg-zinc-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-zinc-700 dark:bg-zinc-100 dark:text-zinc-900";

/** An admin's resolve, ignore and reopen; what was typed stays when a change is refused. */
export function CauseActions({ id, state, deployments }: { id: string; state: string; deployments: string[] }) {
  const [result, action, pending] = useActionState<CauseActionState, FormData>(changeCauseStateAction, null);
  return (
    <div className="space-y-3">
      {result?.error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {result.error}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-4">
        {state !== "resolved" ? (
          <form action={action} className="flex flex-wrap items-end gap-2">
            <input type="hidden" name="id" value={id} />
            <input type="hidden" name="state" value="resolved" />
            <label className="flex flex-col text-xs text-zinc-600 dark:text-zinc-400">
              Resolved in
              <select name="resolved_in_deployment_id" className={`${control} max-w-56`} defaultValue="">
                <option value="">any deployment</option>
                {deployments.map((d) => (
                  <option key={d} value={d}>
                    {d}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" className={button} disabled={pending}>
              Resolve
            </button>
          </form>
        ) : null}
        {state !== "ignored" ? (
          <form action={action} className="flex flex-wrap items-end gap-2">
            <input type="hidden" name="id" value={id} />
            <input type="hidden" name="state" value="ignored" />
            <label className="flex flex-col text-xs text-zinc-600 dark:text-zinc-400">
              For more calls
              <input name="ignore_calls" type="number" min={1} className={`${control} w-28`} />
            </label>
            <label className="flex flex-col text-xs text-zinc-600 dark:text-zinc-400">
              Or until
              <input name="ignore_until" type="date" className={control} />
            </label>
            <button type="submit" className={button} disabled={pending}>
              Ignore
            </button>
          </form>
        ) : null}
        {state === "resolved" || state === "ignored" ? (
          <form action={action}>
            <input type="hidden" name="id" value={id} />
            <input type="hidden" name="state" value="ongoing" />
            <button type="submit" className={button} disabled={pending}>
              Reopen
            </button>
          </form>
        ) : null}
      </div>
    </div>
  );
}
