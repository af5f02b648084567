"use client";

import { useEffect, useRef, useState } from "react";
import { Input } from "@/components/ui/input";

/** "2025-06-24T23:36" in the browser's own time zone, for a datetime-local field. */
function toLocalValue(iso: string | undefined): string {
  if (!iso) return "";
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * A time typed and shown in the browser's time zone (as the list shows its
 * times), sent as an exact UTC instant in a hidden field, so the server never
 * guesses the zone.
 */
export function LocalDateTimeInput({
  name,
  iso,
  id,
  className,
  "aria-describedby": describedBy,
}: {
  name: string;
  iso: string | undefined;
  id?: string;
  className?: string;
  "aria-describedby"?: string;
}) {
  const hidden = useRef<HTMLInputElement>(null);
  const visible = useRef<HTMLInputElement>(null);
  const hydrated = useRef(false);
  const [shown, setShown] = useState("");
  const keep = (value: string) => {
    // Set before the form's own change handler reads the fields.
    if (hidden.current) hidden.current.value = value ? new Date(value).toISOString() : "";
  };
  // The browser's time zone is known only after hydration: the server renders the field empty.
  useEffect(() => {
    const typed = visible.current?.value ?? "";
    if (!hydrated.current && typed && typed !== toLocalValue(iso)) {
      // Typed before the page was ready, when no handler saw it: keep it and apply it now, as a change would.
      hydrated.current = true;
      setShown(typed);
      keep(typed);
      visible.current?.form?.requestSubmit();
      return;
    }
    hydrated.current = true;
    setShown(toLocalValue(iso));
  }, [iso]);
  return (
    <>
      <Input
        ref={visible}
        id={id}
        aria-describedby={describedBy}
        type="datetime-local"
        value={shown}
        onChange={(e) => {
          setShown(e.target.value);
          keep(e.target.value);
        }}
        className={className}
        data-testid={`${name}-local`}
      />
      <input ref={hidden} type="hidden" name={name} defaultValue={iso ?? ""} />
    </>
  );
}
