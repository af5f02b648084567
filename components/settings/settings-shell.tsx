import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { PageHeader } from "@/components/ui/page-header";
import { SettingsNav } from "./settings-nav";

/** A settings page: the Settings heading and tabs, `active` the tab of this page, then the page's own content. */
export function SettingsShell({ active, className, children }: { active: string; className?: string; children: ReactNode }) {
  return (
    <div className={cn("max-w-5xl", className)}>
      <PageHeader title="Settings" />
      <SettingsNav active={active} />
      {children}
    </div>
  );
}
