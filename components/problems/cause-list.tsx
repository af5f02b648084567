import Link from "next/link";
import { cn } from "@/components/ui/cn";
import { CauseState } from "./cause-state";

export type CauseListItem = { id: string; title: string; state: string; callCount: number };

/** Causes, each a link to its page, with its state and how many calls it has. */
export function CauseList({ causes, className }: { causes: CauseListItem[]; className?: string }) {
  return (
    <ul className={cn("space-y-1", className)}>
      {causes.map((c) => (
        <li key={c.id} className="flex flex-wrap items-center gap-2">
          <CauseState state={c.state} />
          <Link href={`/problems/${c.id}`} className="break-words text-sky-700 hover:underline dark:text-sky-400">
            {c.title}
          </Link>
          <span className="text-xs text-zinc-500 dark:text-zinc-400">{c.callCount.toLocaleString("en")} calls</span>
        </li>
      ))}
    </ul>
  );
}
