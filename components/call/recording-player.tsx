"use client";

import { useEffect, useRef, useState } from "react";
import { useAudioClock } from "./use-audio-clock";
import type WaveSurfer from "wavesurfer.js";
import { Button, buttonVariants } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Select } from "@/components/ui/select";
import { formatOffset } from "@/lib/format";

const SPEEDS = [0.5, 0.75, 1, 1.25, 1.5, 2];

/** The waveform's colours for the current theme. */
function waveColors() {
  const dark = document.documentElement.classList.contains("dark");
  return { waveColor: dark ? "#52525b" : "#a1a1aa", progressColor: dark ? "#38bdf8" : "#0284c7", cursorColor: dark ? "#f4f4f5" : "#18181b" };
}

export type PlayerTurn = { id: string; role: string; startS: number; endS: number | null };
export type WaveMarks = { deadAir: { start: number; end: number }[]; overlaps: { start: number; end: number }[] };

/** Region colours on the waveform, and their legend. */
const COLORS = {
  assistant: "rgba(14,165,233,0.14)",
  user: "rgba(16,185,129,0.14)",
  deadAir: "rgba(239,68,68,0.28)",
  overlap: "rgba(245,158,11,0.45)",
};
const LEGEND = [
  { label: "Agent", color: COLORS.assistant },
  { label: "Caller", color: COLORS.user },
  { label: "Dead air", color: COLORS.deadAir },
  { label: "Talk-over", color: COLORS.overlap },
];

type Props = {
  src: string;
  downloadUrl: string;
  turns: PlayerTurn[];
  marks?: WaveMarks;
  audioRef: React.RefObject<HTMLAudioElement | null>;
};

/** The recording as a waveform with the turns drawn on it; the <audio> element underneath is the one clock. */
export function RecordingPlayer({ src, downloadUrl, turns, marks, audioRef }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const { time, playing, duration } = useAudioClock(audioRef);
  const [error, setError] = useState<string | null>(null);
  const [speed, setSpeed] = useState(1);
  useEffect(() => {
    const audio = audioRef.current;
    if (!audio) return;
    audio.defaultPlaybackRate = speed;
    audio.playbackRate = speed;
  }, [audioRef, speed]);

  useEffect(() => {
    const audio = audioRef.current;
    if (!audio || !container.current) return;
    let wave: WaveSurfer | null = null;
    let cancelled = false;
    (async () => {
      const [{ default: WaveSurferClass }, { default: RegionsPlugin }] = await Promise.all([
        import("wavesurfer.js"),
        import("wavesurfer.js/dist/plugins/regions.esm.js"),
      ]);
      if (cancelled || !container.current) return;
      const regions = RegionsPlugin.create();
      wave = WaveSurferClass.create({
        container: container.current,
        media: audio,
        height: 72,
        ...waveColors(),
        barWidth: 2,
        barGap: 1,
        plugins: [regions],
      });
      wave.on("decode", () => {
        for (const turn of turns) {
          regions.addRegion({
            start: turn.startS,
            end: Math.max(turn.endS ?? turn.startS + 0.2, turn.startS + 0.05),
            color: turn.role === "assistant" ? COLORS.assistant : COLORS.user,
            drag: false,
            resize: false,
          });
        }
        for (const [intervals, color] of [
          [marks?.deadAir ?? [], COLORS.deadAir],
          [marks?.overlaps ?? [], COLORS.overlap],
        ] as const) {
          for (const i of intervals) regions.addRegion({ start: i.start, end: i.end, color, drag: false, resize: false });
        }
      });
      wave.on("error", (e) => setError(String(e)));
    })();
    // The theme can change while the page is open: the waveform follows it.
    const themeWatch = new MutationObserver(() => wave?.setOptions(waveColors()));
    themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
    return () => {
      cancelled = true;
      themeWatch.disconnect();
      wave?.destroy();
    };
  }, [audioRef, turns, marks]);

  const toggle = () => {
    const audio = audioRef.current;
    if (!audio) return;
    if (audio.paused) void audio.play().catch((e) => setError(String(e)));
    else audio.pause();
  };
  const skip = (delta: number) => {
    const audio = audioRef.current;
    if (audio) audio.currentTime = Math.max(0, Math.min(audio.duration || Infinity, audio.currentTime + delta));
  };

  return (
    <div className="rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900">
      <audio ref={audioRef} src={src} preload="metadata" data-testid="call-audio" />
      <div ref={container} role="img" aria-label="Waveform of the recording, with the turns, dead air and talk-over marked" className="min-h-[72px]" />
      <ul
        className="mt-1 flex flex-wrap gap-x-3 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400"
        aria-label="Legend of the waveform"
        data-testid="wave-legend"
      >
        {LEGEND.map((l) => (
          <li key={l.label} className="flex items-center gap-1">
            <span aria-hidden className="inline-block h-3 w-3 rounded-sm border border-zinc-300 dark:border-zinc-600" style={{ background: l.color }} />
            {l.label}
            {l.label === "Dead air" && marks ? ` (${marks.deadAir.length})` : l.label === "Talk-over" && marks ? ` (${marks.overlaps.length})` : ""}
          </li>
        ))}
      </ul>
      <div className="mt-2 flex flex-wrap items-center gap-2 text-sm">
        <Button size="sm" onClick={() => skip(-5)} className="text-sm" aria-label="Back 5 seconds">
          −5s
        </Button>
        <Button variant="primary" onClick={toggle} className="py-1" aria-label={playing ? "Pause" : "Play"}>
          {playing ? "Pause" : "Play"}
        </Button>
        <Button size="sm" onClick={() => skip(5)} className="text-sm" aria-label="Forward 5 seconds">
          +5s
        </Button>
        <span className="font-mono text-xs text-zinc-600 tabular-nums dark:text-zinc-400" data-testid="player-time">
          {formatOffset(time ?? 0)} / {formatOffset(duration)}
        </span>
        <label className="flex items-center gap-1 text-xs text-zinc-600 dark:text-zinc-400">
          Speed
          <Select
            value={speed}
            onChange={(e) => setSpeed(Number(e.target.value))}
            size="xs"
            data-testid="playback-speed"
            options={SPEEDS.map((s) => ({ value: s, label: `${s}×` }))}
          />
        </label>
        <CopyButton
          label="Copy link to this moment"
          copiedLabel="Link copied"
          className="text-xs"
          text={() => {
            const url = new URL(window.location.href);
            url.searchParams.set("t", (audioRef.current?.currentTime ?? 0).toFixed(2));
            return url.toString();
          }}
        />
        <span className="hidden text-xs text-zinc-500 lg:inline dark:text-zinc-400">Space plays and pauses, ← → skip 5 s</span>
        <a href={downloadUrl} download className={buttonVariants({ size: "sm", className: "ml-auto text-sm" })}>
          Download recording
        </a>
      </div>
      {error ? (
        <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-300">
          The recording could not be played: {error}
        </p>
      ) : null}
    </div>
  );
}
