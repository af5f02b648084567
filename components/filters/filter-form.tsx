import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { AutoSubmitForm } from "./auto-submit-form";

/**
 * A page's filter bar: a panel holding a GET form to `action` that applies
 * itself as a list changes (see AutoSubmitForm). `className` lays out its
 * fields.
 */
export function FilterForm({ action, className, children }: { action: string; className?: string; children: ReactNode }) {
  return (
    <AutoSubmitForm action={action} className={cn("mb-4 rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900", className)}>
      {children}
    </AutoSubmitForm>
  );
}

/** A filter form's submit button, for what applies only with it (typed text, numbers, a time zone). */
export function ApplyButton() {
  return (
    <Button type="submit" variant="primary">
      Apply
    </Button>
  );
}
