import type { ComponentProps } from "react";
import { cn } from "./cn";

const VARIANTS = {
  primary: "bg-sky-700 font-medium text-white hover:bg-sky-800",
  secondary: "border border-zinc-300 hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800",
  /** the header's small buttons: muted text, no colour of their own */
  quiet: "border border-zinc-300 whitespace-nowrap text-zinc-600 hover:bg-zinc-100 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800",
  /** a destructive step taken from a row or a form: outlined, so it never looks like the page's main action */
  danger: "border border-red-300 text-red-700 hover:bg-red-50 dark:border-red-800 dark:text-red-300 dark:hover:bg-red-950",
  /** the confirmation of a destructive step */
  "danger-solid": "bg-red-700 font-medium text-white hover:bg-red-800",
  /** a state change that is not the page's own action (a cause's resolve and ignore) */
  neutral: "bg-zinc-900 font-medium text-white hover:bg-zinc-700 dark:bg-zinc-100 dark:text-zinc-900",
  /** the sign-in page's one button */
  success: "bg-emerald-700 font-medium text-white hover:bg-emerald-800",
} as const;

const SIZES = {
  /** inside a table row */
  xs: "rounded px-2 py-0.5 text-xs",
  sm: "rounded-md px-2 py-1 text-xs",
  md: "rounded-md px-3 py-1.5 text-sm",
  lg: "rounded-md px-3 py-2 text-sm",
} as const;

export type ButtonVariant = keyof typeof VARIANTS;
export type ButtonSize = keyof typeof SIZES;

/** A button's classes, for a link or a <summary> that looks like one. */
export function buttonVariants({ variant = "secondary", size = "md", className }: { variant?: ButtonVariant; size?: ButtonSize; className?: string } = {}) {
  return cn("disabled:opacity-50", SIZES[size], VARIANTS[variant], className);
}

/** The console's button: `type` is "button" unless said, so a button in a form submits only when it is meant to. */
export function Button({ variant, size, className, type = "button", ...props }: ComponentProps<"button"> & { variant?: ButtonVariant; size?: ButtonSize }) {
  return <button type={type} className={buttonVariants({ variant, size, className })} {...props} />;
}
