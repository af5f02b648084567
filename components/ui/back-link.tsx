import Link from "next/link";

/** The way back to the list a page belongs to. */
export function BackLink({ href, label }: { href: string; label: string }) {
  return (
    <Link href={href} className="text-sky-700 hover:underline dark:text-sky-400">
      ← {label}
    </Link>
  );
}
