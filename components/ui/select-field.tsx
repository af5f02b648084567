import type { ReactNode } from "react";
import { Field } from "./field";
import { Select, type SelectProps } from "./select";

/**
 * A Select under its label: `label`, `hint`, `error`, `compact` and
 * `fieldClassName` are the Field's (see field.tsx), everything else the
 * Select's, its `options` and `empty` choice among them.
 */
export function SelectField({
  label,
  hint,
  error,
  compact,
  fieldClassName,
  hintClassName,
  ...select
}: SelectProps & {
  label: ReactNode;
  hint?: ReactNode;
  error?: ReactNode;
  compact?: boolean;
  fieldClassName?: string;
  hintClassName?: string;
}) {
  return (
    <Field label={label} hint={hint} error={error} compact={compact} className={fieldClassName} hintClassName={hintClassName}>
      <Select {...select} />
    </Field>
  );
}
