"use client";

import { useEffect, useRef, useState } from "react";

export type StreamState = "connecting" | "live" | "reconnecting";
export type StreamChange = { id: string; kind: string; call_id: string | null; agent_id: string | null };

/**
 * Follows GET /api/v1/stream with the console's session. EventSource
 * reconnects by itself with Last-Event-ID after a dropped connection; when
 * the server refuses one (503 past its limit, a restart), this opens a new
 * one after a pause, from the last id seen.
 */
export function useChangeStream(
  params: Record<string, string | undefined>,
  onChange: (change: StreamChange | null) => void,
  /** the last change id the page was rendered after: what was stored since is replayed, however late the stream opens */
  since?: string,
): StreamState {
  const [state, setState] = useState<StreamState>("connecting");
  const handler = useRef(onChange);
  useEffect(() => {
    handler.current = onChange;
  });
  const query = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => Boolean(e[1]))).toString();

  useEffect(() => {
    let source: EventSource | null = null;
    let lastId: string | null = since ?? null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let wasOpen = false;
    let stopped = false;
    const open = () => {
      const search = new URLSearchParams(query);
      if (lastId) search.set("last_event_id", lastId);
      source = new EventSource(`/api/v1/stream?${search}`);
      source.onopen = () => {
        setState("live");
        // What changed while nobody was listening: the replay covers it from lastId, else read the page again.
        if (wasOpen && !lastId) handler.current(null);
        wasOpen = true;
      };
      source.onmessage = (event) => {
        if (event.lastEventId) lastId = event.lastEventId;
        let data: { kind?: string } & Partial<StreamChange>;
        try {
          data = JSON.parse(event.data);
        } catch {
          return;
        }
        handler.current(data.kind === "resync" ? null : (data as StreamChange));
      };
      source.onerror = () => {
        if (stopped) return;
        setState("reconnecting");
        if (source?.readyState === EventSource.CLOSED) {
          clearTimeout(retry);
          retry = setTimeout(open, 5_000);
        }
      };
    };
    open();
    return () => {
      stopped = true;
      clearTimeout(retry);
      source?.close();
    };
    // The page's own id is only its first starting point: a later render's does not reopen the stream.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query]);
  return state;
}
