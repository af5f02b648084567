import Link from "next/link";

/** A call, deployment or page that does not exist: say so, and offer the way back. */
export default function NotFound() {
  return (
    <div className="mx-auto mt-16 max-w-md text-center">
      <h1 className="text-xl font-semibold">Not found</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        Nothing is stored under this address. A call appears once a webhook or the telemetry API has named it; check the id, or search for it.
      </p>
      <div className="mt-6 flex justify-center gap-4 text-sm font-medium">
        <Link href="/calls" className="text-sky-700 underline dark:text-sky-400">
          All calls
        </Link>
        <Link href="/" className="text-sky-700 underline dark:text-sky-400">
          Overview
        </Link>
      </div>
    </div>
  );
}
