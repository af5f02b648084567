import Link from "next/link";

export default function Forbidden() {
  return (
    <div className="mx-auto mt-24 max-w-md px-4 text-center">
      <h1 className="text-xl font-semibold">Admins only</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        This page manages secrets, API keys and users. Ask an admin of this Callscope if you need a change made.
      </p>
      <Link href="/" className="mt-6 inline-block text-sm font-medium text-emerald-700 underline dark:text-emerald-400">
        Back to the overview
      </Link>
    </div>
  );
}
