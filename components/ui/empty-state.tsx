import type { ReactNode } from "react";

/** What a page or a list shows when it has nothing yet: a bordered box saying so, and where things come from. */
export function EmptyState({ children }: { children: ReactNode }) {
  return <p className="rounded-lg border border-zinc-200 p-6 text-sm text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">{children}</p>;
}
