import { Sidebar } from "@/components/layout/sidebar";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { firingCount } from "@/lib/monitors/monitor-store";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  // A database away must not take every page down with the badge: the page itself says so.
  const firing = await firingCount(db()).catch(() => 0);
  return (
    <div className="flex min-h-screen flex-col md:flex-row">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-sky-700 px-3 py-2 text-sm font-medium text-white focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        Skip to content
      </a>
      <Sidebar user={{ email: user.email, role: user.role }} firing={firing} />
      {/* Ids are long words: anywhere on a page they break rather than widen it on a phone (tables scroll instead). */}
      <main id="main" tabIndex={-1} className="min-w-0 flex-1 px-4 py-6 break-words outline-none md:px-8">
        {children}
      </main>
    </div>
  );
}
