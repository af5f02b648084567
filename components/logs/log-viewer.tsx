"use client";

import { useMemo, useState } from "react";
import { Badge, LEVEL_TONE } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";

import { LEVEL_FILTERS, severity } from "@/lib/logs/log-levels";
import type { LogLine } from "@/lib/logs/log-line";

/** Log lines in monospace with a minimum level and a search box. */
export function LogViewer({
  lines,
  emptyText,
  timeLabel = "Time",
  label = "Log lines",
}: {
  lines: LogLine[];
  emptyText: string;
  timeLabel?: string;
  label?: string;
}) {
  const [query, setQuery] = useState("");
  const [minLevel, setMinLevel] = useState(0);
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return lines.filter(
      (line) => severity(line.level) >= minLevel && (!q || line.message.toLowerCase().includes(q) || line.codeLocation?.toLowerCase().includes(q)),
    );
  }, [lines, query, minLevel]);
  if (!lines.length) return <EmptyState>{emptyText}</EmptyState>;
  return (
    <div>
      <div className="mb-2 flex flex-wrap items-center gap-2">
        <label className="text-sm">
          <span className="sr-only">Search logs</span>
          <Input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Search logs" size="sm" />
        </label>
        <label className="text-sm">
          Level{" "}
          <Select
            value={minLevel}
            onChange={(e) => setMinLevel(Number(e.target.value))}
            size="sm"
            options={LEVEL_FILTERS.map(({ label, min }) => ({ value: min, label }))}
          />
        </label>
        <span className="text-xs text-zinc-500">
          {shown.length} of {lines.length} lines
        </span>
      </div>
      <ol
        className="max-h-[65vh] overflow-auto rounded-lg border border-zinc-200 bg-white p-2 font-mono text-xs dark:border-zinc-800 dark:bg-zinc-950"
        data-testid="log-lines"
        aria-label={label}
      >
        {shown.map((line) => (
          <li key={line.id} className="flex gap-2 border-b border-zinc-100 py-1 last:border-0 dark:border-zinc-900">
            <span className="w-20 shrink-0 text-zinc-500 sm:w-44" title={line.title ?? timeLabel}>
              {line.time ? line.time.replace("T", " ").replace("Z", "") : ""}
            </span>
            <span className="w-[4.75rem] shrink-0" data-level={line.level?.toLowerCase() ?? ""}>
              {line.level ? <Badge tone={LEVEL_TONE[line.level.toLowerCase()] ?? "violet"}>{line.level.toLowerCase()}</Badge> : null}
            </span>
            <span className="min-w-0 flex-1 break-words whitespace-pre-wrap">
              {line.codeLocation ? (
                <span className="block font-sans text-[11px] break-all text-zinc-500 dark:text-zinc-400" data-testid="log-source">
                  {line.codeLocation}
                </span>
              ) : null}
              {line.message}
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}
