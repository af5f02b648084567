"use client";

import { useRouter } from "next/navigation";
import { useRef } from "react";

/** A GET form that applies itself when a control changes; without JavaScript it still works with its button. */
export function AutoSubmitForm({ action, children, className }: { action: string; children: React.ReactNode; className?: string }) {
  const router = useRouter();
  const ref = useRef<HTMLFormElement>(null);
  const submit = () => {
    const form = ref.current;
    if (!form) return;
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form)) if (typeof value === "string" && value !== "") params.append(key, value);
    router.push(`${action}${params.size ? `?${params}` : ""}`);
  };
  return (
    <form
      ref={ref}
      action={action}
      method="get"
      className={className}
      onChange={(e) => {
        if ((e.target as HTMLElement).getAttribute("type") !== "search") submit();
      }}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      {children}
    </form>
  );
}
