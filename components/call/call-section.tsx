/** A section of the call page above the transcript, with a heading that names it for assistive technology. */
export function CallSection({ id, title, note, testId, children }: { id: string; title: string; note: string; testId: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="mb-4 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900" data-testid={testId}>
      <h2 id={id} className="mb-2 text-base font-semibold">
        {title} <span className="text-sm font-normal text-zinc-500 dark:text-zinc-400">{note}</span>
      </h2>
      {children}
    </section>
  );
}
