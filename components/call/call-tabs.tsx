import Link from "next/link";

export const CALL_TABS = [
  { id: "transcript", label: "Transcript" },
  { id: "logs", label: "Logs" },
  { id: "metrics", label: "Metrics" },
  { id: "raw", label: "Raw" },
] as const;

export type CallTab = (typeof CALL_TABS)[number]["id"];

export function CallTabs({ callId, active, counts }: { callId: string; active: CallTab; counts: Partial<Record<CallTab, number>> }) {
  return (
    <nav aria-label="Call sections" className="mb-4 flex gap-1 border-b border-zinc-200 dark:border-zinc-800">
      {CALL_TABS.map((tab) => (
        <Link
          key={tab.id}
          href={`/calls/${encodeURIComponent(callId)}${tab.id === "transcript" ? "" : `?tab=${tab.id}`}`}
          aria-current={active === tab.id ? "page" : undefined}
          className={`-mb-px border-b-2 px-3 py-2 text-sm ${
            active === tab.id
              ? "border-sky-600 font-medium text-zinc-900 dark:border-sky-400 dark:text-white"
              : "border-transparent text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-white"
          }`}
        >
          {tab.label}
          {counts[tab.id] !== undefined ? <span className="ml-1.5 text-xs text-zinc-500 dark:text-zinc-400">{counts[tab.id]}</span> : null}
        </Link>
      ))}
    </nav>
  );
}
