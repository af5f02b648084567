import Link from "next/link";

/** How many calls are in progress now, with a pulsing dot while any is; links to them. */
export function LiveNowBadge({ count }: { count: number }) {
  return (
    <Link
      href="/calls?status=created&status=started&status=active"
      data-testid="live-now"
      className={`inline-flex items-center gap-2 rounded-full border px-3 py-1 text-sm font-medium ${
        count
          ? "border-sky-200 bg-sky-50 text-sky-900 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-100"
          : "border-zinc-200 text-zinc-600 dark:border-zinc-700 dark:text-zinc-400"
      }`}
    >
      <span aria-hidden className="relative inline-flex h-2.5 w-2.5">
        {count ? <span className="absolute inline-flex h-full w-full animate-ping rounded-full bg-sky-400 opacity-75" /> : null}
        <span className={`relative inline-flex h-2.5 w-2.5 rounded-full ${count ? "bg-sky-500" : "bg-zinc-400"}`} />
      </span>
      <span>
        <span data-testid="live-now-count">{count.toLocaleString("en")}</span> live now
      </span>
    </Link>
  );
}
