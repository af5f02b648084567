"use client";

import { useEffect, useState } from "react";
import { formatDuration } from "@/lib/format";

/** The time since a call started, ticking every second while it is in progress. */
export function ElapsedTime({ since }: { since: string }) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    const tick = () => setNow(Date.now());
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, []);
  const seconds = now === null ? null : Math.max(0, (now - Date.parse(since)) / 1000);
  return (
    <span data-testid="elapsed-time" className="tabular-nums" suppressHydrationWarning>
      {seconds === null ? "…" : formatDuration(Math.floor(seconds))}
    </span>
  );
}
