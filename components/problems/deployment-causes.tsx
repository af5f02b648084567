import { CauseList, type CauseListItem } from "./cause-list";

/** One column: its heading, then the causes or, when there are none, `empty`. */
function Column({ title, causes, empty }: { title: string; causes: CauseListItem[]; empty: string }) {
  return (
    <div>
      <h3 className="mb-1 text-lg font-semibold">{title}</h3>
      {causes.length ? <CauseList causes={causes} className="text-sm" /> : <p className="text-sm text-zinc-500 dark:text-zinc-400">{empty}</p>}
    </div>
  );
}

/** The causes a deployment brought in (first seen in its calls) and the ones an admin resolved in it. */
export function DeploymentCauses({ introduced, fixed }: { introduced: CauseListItem[]; fixed: CauseListItem[] }) {
  return (
    <section aria-labelledby="deployment-causes" className="mb-6 grid gap-4 md:grid-cols-2" data-testid="deployment-causes">
      <h2 id="deployment-causes" className="sr-only">
        Causes
      </h2>
      <Column title="Causes introduced" causes={introduced} empty="No cause was first seen in this deployment." />
      <Column title="Causes fixed" causes={fixed} empty="No cause was resolved in this deployment." />
    </section>
  );
}
