import type { ComponentProps } from "react";
import { cn } from "./cn";

const TONES = {
  error: "bg-red-50 text-red-800 dark:bg-red-950 dark:text-red-200",
  warning: "bg-amber-50 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  success: "bg-emerald-50 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200",
  /** said of the page's content, neither good nor bad news (its content was deleted) */
  neutral: "bg-zinc-100 text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200",
} as const;

/**
 * A message in a tinted box: an error, a warning, a success. Its `role` is
 * the caller's to give ("alert" for what went wrong, "status" for a change
 * that worked), so that a message read as it appears says so.
 */
export function Notice({ tone, className, ...props }: ComponentProps<"p"> & { tone: keyof typeof TONES }) {
  return <p className={cn("rounded-md p-3 text-sm", TONES[tone], className)} {...props} />;
}
