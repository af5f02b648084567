import { CauseList, type CauseListItem } from "./cause-list";

/** A call's causes, each a link to its page, with its state and how many calls it has. */
export function CallCauses({ causes }: { causes: CauseListItem[] }) {
  if (!causes.length) return null;
  return (
    <section aria-label="Causes" data-testid="call-causes" className="mb-4 rounded-lg border border-zinc-200 p-3 text-sm dark:border-zinc-800">
      <h2 className="mb-1 text-xs font-medium text-zinc-500 uppercase dark:text-zinc-400">Causes</h2>
      <CauseList causes={causes} />
    </section>
  );
}
