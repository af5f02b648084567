// "Last used" times of API keys and webhook secrets: written at most once a
// minute per credential and never on the request's path, so that a busy key
// costs no extra write per request.
import { processSingleton } from "@/lib/process-singleton";

const EVERY_MS = 60_000;

/** Calls `write(now)` for `id` unless it was called for it less than a minute ago in this process; failures are ignored. */
export function noteLastUsed(kind: string, id: string, write: (at: Date) => Promise<unknown>, now = Date.now()) {
  const written = processSingleton(`last-used:${kind}`, () => new Map<string, number>());
  if (now - (written.get(id) ?? -Infinity) < EVERY_MS) return;
  written.set(id, now);
  write(new Date(now)).catch(() => {});
}
