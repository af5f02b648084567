import type { ComponentProps, ReactNode } from "react";
import { cn } from "./cn";
import { type ControlSize, controlVariants } from "./input";

/** One choice of a Select: a value that is its own label, or a value and the label shown for it. */
export type SelectOption = string | number | { value: string | number; label: ReactNode };

export type SelectProps = Omit<ComponentProps<"select">, "size"> & {
  size?: ControlSize;
  /** the choices, in the order shown (after any <option> given as a child) */
  options?: readonly SelectOption[];
  /** the label of a first choice with the empty value: "Any status", "Every agent" */
  empty?: ReactNode;
};

/** A native select drawn like the console's text fields; never wider than its place, however long a choice. */
export function Select({ size, className, options = [], empty, children, ...props }: SelectProps) {
  return (
    <select className={controlVariants({ size, className: cn("max-w-full", className) })} {...props}>
      {empty !== undefined ? <option value="">{empty}</option> : null}
      {children}
      {options.map((option) => {
        const { value, label } = typeof option === "object" ? option : { value: option, label: option };
        return (
          <option key={value} value={value}>
            {label}
          </option>
        );
      })}
    </select>
  );
}
