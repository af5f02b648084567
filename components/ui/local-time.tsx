"use client";

import { useEffect, useState } from "react";
import { formatRelative } from "@/lib/format";

/** A time in the reader's own time zone, with how long ago it was; UTC until the browser takes over. */
export function LocalTime({ iso, relative = true }: { iso: string; relative?: boolean }) {
  const date = new Date(iso);
  const [local, setLocal] = useState<string | null>(null);
  const [now, setNow] = useState<Date | null>(null);
  useEffect(() => {
    // The browser's time zone is known only after hydration: the server renders UTC.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setLocal(date.toLocaleString(undefined, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit" }));
    setNow(new Date());
    const timer = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [iso]);
  return (
    <time dateTime={iso} title={iso} className="whitespace-nowrap">
      {local ?? iso.replace("T", " ").replace(/\.\d+Z$/, "Z")}
      {relative && now ? <span className="ml-1 text-zinc-500 dark:text-zinc-400">· {formatRelative(date, now)}</span> : null}
    </time>
  );
}
