import Link from "next/link";
import { CauseState } from "./cause-state";

type Cause = { id: string; title: string; state: string; callCount: number };

function List({ causes, empty }: { causes: Cause[]; empty: string }) {
  if (!causes.length) return <p className="text-sm text-zinc-500 dark:text-zinc-400">{empty}</p>;
  return (
    <ul className="space-y-1 text-sm">
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

/** The causes a deployment brought in (first seen in its calls) and the ones an admin resolved in it. */
export function DeploymentCauses({ introduced, fixed }: { introduced: Cause[]; fixed: Cause[] }) {
  return (
    <section aria-labelledby="deployment-causes" className="mb-6 grid gap-4 md:grid-cols-2" data-testid="deployment-causes">
      <h2 id="deployment-causes" className="sr-only">
        Causes
      </h2>
      <div>
        <h3 className="mb-1 text-lg font-semibold">Causes introduced</h3>
        <List causes={introduced} empty="No cause was first seen in this deployment." />
      </div>
      <div>
        <h3 className="mb-1 text-lg font-semibold">Causes fixed</h3>
        <List causes={fixed} empty="No cause was resolved in this deployment." />
      </div>
    </section>
  );
}
