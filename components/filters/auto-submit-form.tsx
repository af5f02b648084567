"use client";

import { useRouter } from "next/navigation";
import { useRef } from "react";

/**
 * A GET form that applies itself when a list or checkbox changes; what is
 * typed (text, numbers, a time zone) applies with Enter or the form's button,
 * not at every keystroke. Without JavaScript it still works with its button.
 */
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
        const target = e.target as HTMLElement;
        const type = target.getAttribute("type");
        if (target.tagName === "SELECT" || type === "checkbox" || type === "radio" || type === "datetime-local") submit();
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
