"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { ShownOnce } from "@/lib/auth/shown-once";

type FieldSpec = { name: string; label: string; type?: string; placeholder?: string };
const LABEL_FIELD: FieldSpec = { name: "label", label: "Label", placeholder: "e.g. production" };

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
  field?: FieldSpec;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <div>
      <form action={formAction} className="flex flex-wrap items-end gap-2">
        <Field label={field.label}>
          <Input name={field.name} type={field.type ?? "text"} required maxLength={field.type === "email" ? 254 : 100} placeholder={field.placeholder} />
        </Field>
        {children}
        <Button type="submit" variant="primary" disabled={pending}>
          {submitLabel}
        </Button>
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
