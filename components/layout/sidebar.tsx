"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { SignOutButton } from "./sign-out-button";
import { ThemeToggle } from "./theme-toggle";

const NAV = [
  { href: "/", label: "Overview" },
  { href: "/calls", label: "Calls" },
  { href: "/problems", label: "Problems" },
  { href: "/batches", label: "Batches" },
  { href: "/deployments", label: "Deployments" },
  { href: "/agents", label: "Agents" },
  { href: "/latency", label: "Latency" },
  { href: "/evaluations", label: "Evaluations" },
  { href: "/monitors", label: "Monitors" },
  { href: "/docs", label: "Docs" },
  { href: "/docs/api", label: "API" },
  { href: "/settings", label: "Settings", adminOnly: true },
];

function matches(pathname: string, href: string) {
  if (href === "/") return pathname === "/";
  return pathname === href || pathname.startsWith(href + "/");
}

/** The item of the page: the longest href that matches, so that /docs/api is API's and not also Docs'. */
function activeHref(pathname: string) {
  return NAV.filter((item) => matches(pathname, item.href)).sort((a, b) => b.href.length - a.href.length)[0]?.href;
}

/** `firing`: how many monitors are firing, shown beside Monitors. */
export function Sidebar({ user, firing = 0 }: { user: { email: string; role: string }; firing?: number }) {
  const pathname = usePathname();
  const current = activeHref(pathname);
  return (
    // The aside runs the page's whole height (its background with it); its content stays in view while the page scrolls.
    <aside className="border-b border-zinc-200 bg-white md:w-52 md:shrink-0 md:self-stretch md:border-r md:border-b-0 dark:border-zinc-800 dark:bg-zinc-900">
      <div className="md:sticky md:top-0 md:flex md:h-screen md:flex-col">
        <div className="flex items-center justify-between px-4 py-4 md:block">
          <Link href="/" className="flex items-center gap-2 text-lg font-semibold tracking-tight">
            <span aria-hidden className="inline-block h-3 w-3 rounded-full bg-emerald-500" />
            Callscope
          </Link>
        </div>
        <nav aria-label="Main" className="flex flex-wrap gap-1 px-2 pb-2 md:flex-col md:flex-nowrap md:pb-0">
          {NAV.filter((item) => !item.adminOnly || user.role === "admin").map((item) => {
            const active = item.href === current;
            return (
              <Link
                key={item.href}
                href={item.href}
                // Pages that follow the live stream re-render often; prefetching every page again each time would cost more than it saves.
                prefetch={false}
                aria-current={active ? "page" : undefined}
                className={`rounded-md px-3 py-2 text-sm whitespace-nowrap ${
                  active
                    ? "bg-zinc-100 font-medium text-zinc-900 dark:bg-zinc-800 dark:text-white"
                    : "text-zinc-600 hover:bg-zinc-50 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-white"
                }`}
              >
                {item.label}
                {item.href === "/monitors" && firing > 0 ? (
                  <span
                    className="ml-2 rounded-full bg-red-600 px-1.5 py-0.5 text-xs font-semibold text-white"
                    title={`${firing} firing`}
                    data-testid="firing-badge"
                  >
                    {firing}
                    <span className="sr-only"> firing</span>
                  </span>
                ) : null}
              </Link>
            );
          })}
        </nav>
        <div className="flex items-center justify-between gap-3 px-4 pb-3 md:mt-auto md:block md:space-y-2 md:py-4">
          <p className="truncate text-xs text-zinc-600 dark:text-zinc-400" title={user.email}>
            {user.email} <span className="text-zinc-500 dark:text-zinc-400">· {user.role}</span>
          </p>
          <div className="flex gap-2">
            <SignOutButton />
            <ThemeToggle />
          </div>
        </div>
      </div>
    </aside>
  );
}
