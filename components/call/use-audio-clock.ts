"use client";

import { useEffect, useState } from "react";

/** The current time and play state of an <audio> element, following its events. */
export function useAudioClock(audioRef: React.RefObject<HTMLAudioElement | null>, initialTime: number | null = null) {
  const [time, setTime] = useState<number | null>(initialTime);
  const [playing, setPlaying] = useState(false);
  const [duration, setDuration] = useState<number | null>(null);
  useEffect(() => {
    const audio = audioRef.current;
    if (!audio) return;
    const onTime = () => setTime(audio.currentTime);
    const onPlay = () => setPlaying(true);
    const onPause = () => setPlaying(false);
    const onMeta = () => setDuration(Number.isFinite(audio.duration) ? audio.duration : null);
    const events: [string, () => void][] = [
      ["timeupdate", onTime],
      ["seeked", onTime],
      ["play", onPlay],
      ["pause", onPause],
      ["loadedmetadata", onMeta],
      ["durationchange", onMeta],
    ];
    for (const [name, handler] of events) audio.addEventListener(name, handler);
    // The metadata may have loaded before these listeners were attached: read what is there already.
    if (audio.readyState >= 1) onMeta();
    if (!audio.paused) onPlay();
    return () => {
      for (const [name, handler] of events) audio.removeEventListener(name, handler);
    };
  }, [audioRef]);
  return { time, setTime, playing, duration };
}
