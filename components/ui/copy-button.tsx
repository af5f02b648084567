"use client";

import { useState } from "react";
import { Button } from "./button";
import { cn } from "./cn";

/**
 * Copies text to the clipboard and says so. The text may be given, or made
 * at the moment of the click (a link to where the player is now).
 */
export function CopyButton({
  text,
  label = "Copy",
  copiedLabel = "Copied",
  className = "",
}: {
  text: string | (() => string);
  label?: string;
  copiedLabel?: string;
  className?: string;
}) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(typeof text === "function" ? text() : text);
      setState("copied");
    } catch {
      setState("failed");
    }
    setTimeout(() => setState("idle"), 2000);
  };
  return (
    <Button size="sm" onClick={copy} className={cn("text-sm", className)}>
      <span aria-live="polite">{state === "copied" ? copiedLabel : state === "failed" ? "Copy failed: select the text instead" : label}</span>
    </Button>
  );
}
