import type { ComponentProps } from "react";
import { cn } from "./cn";

const SIZES = {
  /** beside the player's buttons */
  xs: "px-1 py-0.5 text-xs",
  sm: "px-2 py-1 text-sm",
  md: "px-2 py-1.5 text-sm",
  lg: "px-3 py-2 text-sm",
} as const;

export type ControlSize = keyof typeof SIZES;

/** The box of a text field or a select, at one of the console's sizes. */
export function controlVariants({ size = "md", className }: { size?: ControlSize; className?: string } = {}) {
  return cn("rounded-md border border-zinc-300 bg-white dark:border-zinc-700 dark:bg-zinc-900", SIZES[size], className);
}

/**
 * A text, number, date or search field. Checkboxes and hidden fields stay
 * plain <input>s: they have no box to draw.
 */
export function Input({ size, className, ...props }: Omit<ComponentProps<"input">, "size"> & { size?: ControlSize }) {
  return <input className={controlVariants({ size, className })} {...props} />;
}
