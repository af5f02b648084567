"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { SelectField } from "@/components/ui/select-field";
import { type CauseActionState, changeCauseStateAction } from "@/lib/causes/cause-actions";

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
            <SelectField
              label="Resolved in"
              compact
              name="resolved_in_deployment_id"
              size="sm"
              className="max-w-56"
              defaultValue=""
              empty="any deployment"
              options={deployments}
            />
            <Button type="submit" variant="neutral" disabled={pending}>
              Resolve
            </Button>
          </form>
        ) : null}
        {state !== "ignored" ? (
          <form action={action} className="flex flex-wrap items-end gap-2">
            <input type="hidden" name="id" value={id} />
            <input type="hidden" name="state" value="ignored" />
            <Field label="For more calls" compact>
              <Input name="ignore_calls" type="number" min={1} size="sm" className="w-28" />
            </Field>
            <Field label="Or until" compact>
              <Input name="ignore_until" type="date" size="sm" />
            </Field>
            <Button type="submit" variant="neutral" disabled={pending}>
              Ignore
            </Button>
          </form>
        ) : null}
        {state === "resolved" || state === "ignored" ? (
          <form action={action}>
            <input type="hidden" name="id" value={id} />
            <input type="hidden" name="state" value="ongoing" />
            <Button type="submit" variant="neutral" disabled={pending}>
              Reopen
            </Button>
          </form>
        ) : null}
      </div>
    </div>
  );
}
