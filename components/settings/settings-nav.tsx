import Link from "next/link";

const TABS = [
  { href: "/settings/webhooks", label: "Webhooks" },
  { href: "/settings/api-keys", label: "API keys" },
  { href: "/settings/users", label: "Users" },
  { href: "/settings/sync", label: "Cartesia sync" },
  { href: "/settings/privacy", label: "Privacy" },
  { href: "/settings/latency", label: "Latency" },
  { href: "/settings/audit", label: "Audit" },
];

export function SettingsNav({ active }: { active: string }) {
  return (
    <nav aria-label="Settings" className="mb-6 flex flex-wrap gap-x-1 border-b border-zinc-200 dark:border-zinc-800">
      {TABS.map((t) => (
        <Link
          key={t.href}
          href={t.href}
          aria-current={active === t.href ? "page" : undefined}
          className={`-mb-px shrink-0 border-b-2 px-3 py-2 text-sm whitespace-nowrap ${active === t.href ? "border-sky-600 font-medium" : "border-transparent text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-white"}`}
        >
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
