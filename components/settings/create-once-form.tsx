"use client";

import { useActionState } from "react";
import type { ShownOnce } from "@/app/settings/actions";

/** A form that creates a secret or key and shows its value once. */
export function CreateOnceForm({
  action,
  submitLabel,
  children,
  what,
}: {
  action: (state: ShownOnce, form: FormData) => Promise<ShownOnce>;
  submitLabel: string;
  children?: React.ReactNode;
  what: string;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <div>
      <form action={formAction} className="flex flex-wrap items-end gap-2">
        <label className="flex flex-col text-xs font-medium text-zinc-600 dark:text-zinc-400">
          Label
          <input name="label" required maxLength={100} placeholder="e.g. production" className="mt-1 rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900" />
        </label>
        {children}
        <button type="submit" disabled={pending} className="rounded-md bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800 disabled:opacity-50">
          {submitLabel}
        </button>
      </form>
      {state && "value" in state ? (
        <div role="status" className="mt-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950">
          <p className="font-medium">New {what} “{state.label}”. Copy it now: it is not shown again.</p>
          <code className="mt-1 block font-mono break-all select-all" data-testid="shown-once">
            {state.value}
          </code>
        </div>
      ) : null}
      {state && "error" in state ? <p role="alert" className="mt-2 text-sm text-red-700">{state.error}</p> : null}
    </div>
  );
}
