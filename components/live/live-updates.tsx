"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useTransition } from "react";
import { type StreamChange, type StreamState, useChangeStream } from "./use-change-stream";

type Props = {
  /** only this call's changes */
  callId?: string;
  /** kinds to follow, comma-separated (see GET /api/v1/stream) */
  kind?: string;
  /** the least time between two refreshes */
  everyMs?: number;
  /** show the "Live" indicator */
  indicator?: boolean;
  /** the last change id stored before the page read its data (lastChangeId), so that nothing between render and connect is missed */
  since?: string;
};

/**
 * Keeps a server-rendered page current: on each change it hears (at most
 * once per `everyMs`, and only while the page is visible), it asks the server
 * to render the page again through the same read models. Scroll position and
 * what the user typed stay, since the client components stay mounted. The
 * stream starts from `since`, the change id the page was rendered after, so a
 * change stored while the page loads is not lost.
 */
export function LiveUpdates({ callId, kind, everyMs = 1000, indicator = true, since }: Props) {
  const router = useRouter();
  const last = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const due = useRef(false);
  // A refresh still rendering is not interrupted by the next one: on a busy server, refreshes started
  // every second would each cancel the one before, and the page would never change.
  const [rendering, startTransition] = useTransition();
  const busy = useRef(false);

  const refresh = () => {
    due.current = false;
    last.current = Date.now();
    startTransition(() => router.refresh());
  };
  const schedule = () => {
    due.current = true;
    if (document.visibilityState !== "visible" || timer.current) return;
    // A little later at least, so that the changes of one write (a turn and its call's figures) make one refresh.
    const wait = Math.max(50, last.current + everyMs - Date.now());
    timer.current = setTimeout(() => {
      timer.current = undefined;
      // While a refresh renders, the change waits for it to end (the effect below).
      if (due.current && !busy.current) refresh();
    }, wait);
  };
  const state = useChangeStream(
    { call_id: callId, kind },
    (change: StreamChange | null) => {
      if (change === null || !callId || change.call_id === callId) schedule();
    },
    since,
  );

  useEffect(() => {
    busy.current = rendering;
    if (!rendering && due.current) schedule();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [rendering]);

  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === "visible" && due.current) refresh();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      document.removeEventListener("visibilitychange", onVisible);
      clearTimeout(timer.current);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return indicator ? <LiveIndicator state={state} /> : null;
}

export function LiveIndicator({ state }: { state: StreamState }) {
  const live = state === "live";
  return (
    <span
      data-testid="live-indicator"
      data-state={state}
      role="status"
      title={live ? "Connected: changes appear as they are stored" : "Not connected to the live stream: reconnecting"}
      className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ${
        live ? "bg-emerald-50 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200" : "bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300"
      }`}
    >
      <span aria-hidden className={`inline-block h-2 w-2 rounded-full ${live ? "animate-pulse bg-emerald-500" : "bg-zinc-400"}`} />
      {live ? "Live" : state === "connecting" ? "Connecting…" : "Reconnecting…"}
    </span>
  );
}
