import { buttonVariants } from "@/components/ui/button";

/** Download links for a call's transcript; a <details> menu needs no JavaScript. */
export function ExportMenu({
  href,
  formats,
  label = "Export",
}: {
  href: (format: string) => string;
  formats: { format: string; label: string }[];
  label?: string;
}) {
  return (
    <details className="relative">
      <summary className={buttonVariants({ className: "cursor-pointer list-none" })}>{label} ▾</summary>
      <ul className="absolute right-0 z-10 mt-1 w-56 rounded-md border border-zinc-200 bg-white py-1 text-sm shadow-lg dark:border-zinc-700 dark:bg-zinc-900">
        {formats.map((f) => (
          <li key={f.format}>
            <a href={href(f.format)} download className="block px-3 py-1.5 hover:bg-zinc-50 dark:hover:bg-zinc-800">
              {f.label}
            </a>
          </li>
        ))}
      </ul>
    </details>
  );
}
