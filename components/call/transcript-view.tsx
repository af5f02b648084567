"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { timelineFromJson } from "@/lib/calls/timeline-wire";
import { chipOf, findInTimeline, TIMELINE_CHIPS, type TimelineChip, turnAt } from "@/lib/calls/build-timeline";
import type { TurnGap } from "@/lib/conversation/get-conversation";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { RecordingPlayer, type WaveMarks } from "./recording-player";
import { useAudioClock } from "./use-audio-clock";
import { TimelineEntry } from "./timeline-entry";
import { barLengthMs, waitMs } from "./turn-waterfall";

type Kind = TimelineChip;

type Props = {
  /** the timeline as `timelineToJson` wrote it */
  timeline: string;
  recording: { src: string; downloadUrl: string } | null;
  placeholder: string | null;
  /** seconds to start at, from a shared link (?t=) */
  initialTime?: number | null;
  /** each assistant turn's response gap, by turn id */
  gaps?: Record<string, TurnGap>;
  /** dead air and talk-over, drawn on the waveform */
  marks?: WaveMarks;
  /** a call in progress: entries that arrive are scrolled into view while the list is at its end */
  follow?: boolean;
};

/**
 * Keys that belong to what has focus: typing in a field, or activating a
 * button or link. A turn of the transcript is a button too, but Space there
 * plays and pauses, as anywhere else on the page.
 */
function isTyping(target: EventTarget | null) {
  const el = target as HTMLElement | null;
  if (!el) return false;
  if (el.closest("[data-turn-button]")) return false;
  return el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT", "BUTTON", "SUMMARY", "A"].includes(el.tagName);
}

export function TranscriptView({ timeline, recording, placeholder, initialTime = null, gaps = {}, marks, follow = false }: Props) {
  const audioRef = useRef<HTMLAudioElement | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const [hidden, setHidden] = useState<Set<Kind>>(new Set());
  const { time, setTime, playing } = useAudioClock(audioRef, initialTime);
  const items = useMemo(() => timelineFromJson(timeline), [timeline]);
  const turns = useMemo(() => items.flatMap((item) => (item.kind === "turn" ? [item.turn] : [])), [items]);

  const counts = useMemo(() => {
    const c: Record<Kind, number> = { turn: 0, tool_call: 0, event: 0, call: 0, metric: 0, log: 0 };
    for (const item of items) c[chipOf(item.kind)]++;
    return c;
  }, [items]);
  const visible = useMemo(() => items.filter((item) => !hidden.has(chipOf(item.kind))), [items, hidden]);
  const playerTurns = useMemo(() => turns.map((t) => ({ id: t.id, role: t.role, startS: t.startS, endS: t.endS })), [turns]);
  const current = time === null ? null : turnAt(turns, time);
  // One scale for every waterfall of the call, and its slowest answered turn.
  const waterfall = useMemo(() => {
    let scaleMs = 0;
    let slowestId: string | null = null;
    let slowestMs = -Infinity;
    for (const [id, gap] of Object.entries(gaps)) {
      if (!gap.waterfall) continue;
      scaleMs = Math.max(scaleMs, barLengthMs(gap));
      const wait = waitMs(gap) ?? -Infinity;
      if (wait > slowestMs) [slowestMs, slowestId] = [wait, id];
    }
    // With one answered turn there is nothing to be slowest among.
    const answered = Object.values(gaps).filter((g) => g.waterfall).length;
    return { scaleMs, slowestId: answered > 1 ? slowestId : null };
  }, [gaps]);
  // Find in this call: the browser's own find cannot see entries scrolled out of the virtual list.
  const [findQuery, setFindQuery] = useState("");
  const [findIndex, setFindIndex] = useState(0);
  const matches = useMemo(() => findInTimeline(visible, findQuery), [visible, findQuery]);
  const currentMatch = matches.length ? matches[Math.min(findIndex, matches.length - 1)] : null;

  // TanStack Virtual returns functions React's compiler cannot memoize: this component is left uncompiled.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => {
      const item = visible[i];
      return item.kind === "turn" ? (gaps[item.turn.id]?.waterfall ? 140 : 84) : 40;
    },
    overscan: 12,
  });

  const seek = useCallback(
    (s: number) => {
      const audio = audioRef.current;
      setTime(s);
      if (audio) audio.currentTime = s;
    },
    [setTime],
  );

  // A shared link's time: seek there once the audio can, and show that turn.
  useEffect(() => {
    if (initialTime === null) return;
    const index = visible.findIndex((item) => item.kind === "turn" && item.turn.startS >= initialTime);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: "center" });
    const audio = audioRef.current;
    if (!audio) return;
    const apply = () => (audio.currentTime = initialTime);
    if (audio.readyState >= 1) apply();
    else audio.addEventListener("loadedmetadata", apply, { once: true });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [initialTime]);

  // Following a call in progress: new entries come into view, unless the reader scrolled up to read.
  const atEnd = useRef(true);
  const shown = useRef(visible.length);
  useEffect(() => {
    const el = scrollRef.current;
    if (!el || !follow) return;
    const onScroll = () => (atEnd.current = el.scrollHeight - el.scrollTop - el.clientHeight < 120);
    el.addEventListener("scroll", onScroll, { passive: true });
    return () => el.removeEventListener("scroll", onScroll);
  }, [follow]);
  useEffect(() => {
    const grew = visible.length > shown.current;
    shown.current = visible.length;
    if (follow && grew && atEnd.current) virtualizer.scrollToIndex(visible.length - 1, { align: "end" });
  }, [follow, visible.length, virtualizer]);

  // While playing, the current turn stays in view.
  useEffect(() => {
    if (!playing || !current) return;
    const index = visible.findIndex((item) => item.kind === "turn" && item.turn.id === current.id);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: "center", behavior: "smooth" });
  }, [playing, current, visible, virtualizer]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const audio = audioRef.current;
      if (!audio || isTyping(e.target) || e.metaKey || e.ctrlKey || e.altKey) return;
      if (e.key === " ") {
        e.preventDefault();
        if (audio.paused) void audio.play();
        else audio.pause();
      } else if (e.key === "ArrowLeft" || e.key === "ArrowRight") {
        e.preventDefault();
        audio.currentTime = Math.max(0, audio.currentTime + (e.key === "ArrowLeft" ? -5 : 5));
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  // The current match is scrolled into view whenever it changes.
  useEffect(() => {
    if (currentMatch === null) return;
    virtualizer.scrollToIndex(currentMatch, { align: "center" });
    // Once the list has rendered it, bring the match into the window too (the list may sit below the fold).
    const timer = setTimeout(() => scrollRef.current?.querySelector('[data-find-match="current"]')?.scrollIntoView({ block: "nearest" }), 60);
    return () => clearTimeout(timer);
  }, [currentMatch, virtualizer]);
  const step = (delta: number) => {
    if (!matches.length) return;
    setFindIndex((i) => (Math.min(i, matches.length - 1) + delta + matches.length) % matches.length);
  };

  const toggle = (kind: Kind) =>
    setHidden((prev) => {
      const next = new Set(prev);
      if (next.has(kind)) next.delete(kind);
      else next.add(kind);
      return next;
    });

  return (
    <div className="space-y-3">
      {recording ? (
        <RecordingPlayer src={recording.src} downloadUrl={recording.downloadUrl} turns={playerTurns} marks={marks} audioRef={audioRef} />
      ) : (
        <div
          className="rounded-lg border border-dashed border-zinc-300 p-4 text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400"
          data-testid="no-recording"
        >
          {placeholder}
        </div>
      )}
      <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Show or hide kinds of entries">
        {TIMELINE_CHIPS.map(({ chip: kind, label }) => (
          <button
            key={kind}
            type="button"
            aria-pressed={!hidden.has(kind)}
            onClick={() => toggle(kind)}
            className={`rounded-full border px-3 py-1 text-xs ${
              hidden.has(kind)
                ? "border-zinc-300 text-zinc-500 line-through dark:border-zinc-700 dark:text-zinc-400"
                : "border-sky-600 bg-sky-50 text-sky-800 dark:border-sky-500 dark:bg-sky-950 dark:text-sky-200"
            }`}
          >
            {label} <span className="tabular-nums">{counts[kind]}</span>
          </button>
        ))}
      </div>
      {items.length > 0 ? (
        <div className="flex flex-wrap items-center gap-2 text-sm" role="search" aria-label="Find in this call">
          <Input
            type="search"
            value={findQuery}
            onChange={(e) => {
              setFindQuery(e.target.value);
              setFindIndex(0);
            }}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                step(e.shiftKey ? -1 : 1);
              }
            }}
            placeholder="Find in this call"
            aria-label="Find in this call"
            size="sm"
            className="w-56 min-w-0"
          />
          <Button size="sm" onClick={() => step(-1)} disabled={!matches.length} aria-label="Previous match" className="text-sm disabled:opacity-40">
            ↑
          </Button>
          <Button size="sm" onClick={() => step(1)} disabled={!matches.length} aria-label="Next match" className="text-sm disabled:opacity-40">
            ↓
          </Button>
          <span className="text-xs text-zinc-500 tabular-nums dark:text-zinc-400" data-testid="find-count" aria-live="polite">
            {findQuery.trim() ? (matches.length ? `${matches.indexOf(currentMatch!) + 1} of ${matches.length}` : "no match") : ""}
          </span>
        </div>
      ) : null}
      {items.length === 0 ? (
        <EmptyState>No transcript yet. Turns arrive with call_turn and call_completed webhooks; events and metrics through the telemetry API.</EmptyState>
      ) : (
        <div
          ref={scrollRef}
          className="h-[65vh] overflow-auto rounded-lg border border-zinc-200 bg-zinc-50/50 px-2 dark:border-zinc-800 dark:bg-zinc-950/40"
          data-testid="timeline"
        >
          <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
            {virtualizer.getVirtualItems().map((row) => {
              const item = visible[row.index];
              return (
                <div
                  key={item.key}
                  ref={virtualizer.measureElement}
                  data-index={row.index}
                  style={{ position: "absolute", top: 0, left: 0, right: 0, transform: `translateY(${row.start}px)` }}
                >
                  <div
                    className={row.index === currentMatch ? "rounded-lg ring-2 ring-amber-400" : undefined}
                    data-find-match={row.index === currentMatch ? "current" : matches.includes(row.index) ? "match" : undefined}
                  >
                    <TimelineEntry
                      item={item}
                      current={item.kind === "turn" && current?.id === item.turn.id}
                      gap={item.kind === "turn" ? gaps[item.turn.id] : undefined}
                      onSeek={seek}
                      waterfallScaleMs={waterfall.scaleMs}
                      slowest={item.kind === "turn" && item.turn.id === waterfall.slowestId}
                    />
                  </div>
                </div>
              );
            })}
          </div>
        </div>
      )}
    </div>
  );
}
