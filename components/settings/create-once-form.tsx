"use client";

import { useActionState } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import type { ShownOnce } from "@/lib/auth/shown-once";

type Field = { name: string; label: string; type?: string; placeholder?: string };
const LABEL_FIELD: Field = { name: "label", label: "Label", placeholder: "e.g. production" };

/** A form that creates a secret, key or user and shows its value once. */
export function CreateOnceForm({
  action,
  submitLabel,
  children,
  what,
  field = LABEL_FIELD,
}: {
  action: (state: ShownOnce, form: FormData) => Promise<ShownOnce>;
  submitLabel: string;
  children?: React.ReactNode;
  what: string;
  field?: Field;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <div>
      <form action={formAction} className="flex flex-wrap items-end gap-2">
        <label className="flex flex-col text-xs font-medium text-zinc-600 dark:text-zinc-400">
          {field.label}
          <input
            name={field.name}
            type={field.type ?? "text"}
            required
            maxLength={field.type === "email" ? 254 : 100}
            placeholder={field.placeholder}
            className="mt-1 rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900"
          />
        </label>
        {children}
        <button
          type="submit"
          disabled={pending}
          className="rounded-md bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800 disabled:opacity-50"
        >
          {submitLabel}
        </button>
      </form>
      {state && "value" in state ? (
        <div role="status" className="mt-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950">
          <p className="font-medium">
            New {what} “{state.label}”. Copy it now: it is not shown again.
          </p>
          <div className="mt-1 flex flex-wrap items-center gap-2">
            <code className="min-w-0 flex-1 font-mono break-all select-all" data-testid="shown-once">
              {state.value}
            </code>
            <CopyButton text={state.value} label={`Copy ${what}`} />
          </div>
        </div>
      ) : null}
      {state && "error" in state ? (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {state.error}
        </p>
      ) : null}
    </div>
  );
}
