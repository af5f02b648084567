import Link from "next/link";
import { CauseState } from "./cause-state";

/** A call's causes, each a link to its page, with its state and how many calls it has. */
export function CallCauses({ causes }: { causes: { id: string; title: string; state: string; callCount: number }[] }) {
  if (!causes.length) return null;
  return (
    <section aria-label="Causes" data-testid="call-causes" className="mb-4 rounded-lg border border-zinc-200 p-3 text-sm dark:border-zinc-800">
      <h2 className="mb-1 text-xs font-medium text-zinc-500 uppercase dark:text-zinc-400">Causes</h2>
      <ul className="space-y-1">
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
    </section>
  );
}
