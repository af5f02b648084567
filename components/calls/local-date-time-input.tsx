"use client";

import { useEffect, useRef, useState } from "react";

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
export function LocalDateTimeInput({ name, iso, className }: { name: string; iso: string | undefined; className?: string }) {
  const hidden = useRef<HTMLInputElement>(null);
  const [shown, setShown] = useState("");
  // The browser's time zone is known only after hydration: the server renders the field empty.
  // eslint-disable-next-line react-hooks/set-state-in-effect
  useEffect(() => setShown(toLocalValue(iso)), [iso]);
  return (
    <>
      <input
        type="datetime-local"
        value={shown}
        onChange={(e) => {
          setShown(e.target.value);
          // Set before the form's own change handler reads the fields.
          if (hidden.current) hidden.current.value = e.target.value ? new Date(e.target.value).toISOString() : "";
        }}
        className={className}
        data-testid={`${name}-local`}
      />
      <input ref={hidden} type="hidden" name={name} defaultValue={iso ?? ""} />
    </>
  );
}
