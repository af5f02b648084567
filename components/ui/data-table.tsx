import type { ReactNode } from "react";

export type Column = ReactNode | { label: ReactNode; right?: boolean };

const isLabelled = (c: Column): c is { label: ReactNode; right?: boolean } => typeof c === "object" && c !== null && "label" in c;

/**
 * A table of the console: "panel" stands alone, bordered, with the label as
 * its caption; "plain" sits inside a card, scrolls sideways on its own on a
 * phone and is a labelled region a keyboard can reach.
 */
export function DataTable({
  label,
  columns,
  children,
  variant = "plain",
  nowrap = false,
  className = "",
}: {
  label: string;
  columns: Column[];
  children: ReactNode;
  variant?: "panel" | "plain";
  nowrap?: boolean;
  className?: string;
}) {
  const panel = variant === "panel";
  const th = panel ? "px-3 py-2 font-medium" : "py-1 pr-3 font-medium";
  return (
    <div
      className={`overflow-x-auto ${panel ? "rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900" : ""} ${className}`}
      {...(panel ? {} : { tabIndex: 0, role: "region", "aria-label": label })}
    >
      <table className={`w-full text-left text-sm ${nowrap ? "whitespace-nowrap" : ""}`}>
        {panel ? <caption className="sr-only">{label}</caption> : null}
        <thead className={`text-xs text-zinc-500 uppercase dark:text-zinc-400 ${panel ? "border-b border-zinc-200 dark:border-zinc-800" : ""}`}>
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col" className={isLabelled(c) && c.right ? `${th} text-right` : th}>
                {isLabelled(c) ? c.label : c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">{children}</tbody>
      </table>
    </div>
  );
}
