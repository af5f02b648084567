// Following Callscope's live stream (GET /api/v1/stream) from the command
// line: Server-Sent Events read with eventsource-parser, and a dropped
// connection resumed with Last-Event-ID, so nothing stored meanwhile is lost.
import { createParser } from "eventsource-parser";
import type { ChangeJson } from "@/lib/live/change-json";
import { CliError, type Connection, EXIT } from "./client";

export type StreamMessage = ChangeJson | { kind: "resync"; reason: string };

/** Calls `onMessage` for each event until `signal` aborts; reconnects after drops and refusals. */
export async function followStream(
  conn: Connection,
  params: URLSearchParams,
  onMessage: (message: StreamMessage) => Promise<void> | void,
  options: { signal: AbortSignal; onConnected?: (again: boolean) => void; onDropped?: (why: string) => void },
) {
  if (!conn.key) throw new CliError("No API key: pass --key or set CALLSCOPE_API_KEY (create one in Settings → API keys).", EXIT.usage);
  let lastId = null as string | null;
  let retryMs = 3_000;
  let connectedOnce = false;
  while (!options.signal.aborted) {
    let why: string;
    try {
      const headers = new Headers({ authorization: `Bearer ${conn.key}`, accept: "text/event-stream" });
      if (lastId !== null) headers.set("last-event-id", lastId);
      const response = await fetch(`${conn.url}/api/v1/stream?${params}`, { headers, signal: options.signal });
      if (response.status === 401 || response.status === 403) throw new CliError(`Not allowed: ${await errorText(response)}`, EXIT.auth);
      if (response.status === 400) throw new CliError(await errorText(response), EXIT.usage);
      if (!response.ok || !response.body) {
        why = `${response.status} ${await errorText(response)}`;
        const after = Number(response.headers.get("retry-after"));
        await pause(Number.isFinite(after) && after > 0 ? after * 1000 : retryMs, options.signal);
        options.onDropped?.(why);
        continue;
      }
      options.onConnected?.(connectedOnce);
      connectedOnce = true;
      // Messages are handled one after another, in the order they came.
      let chain = Promise.resolve();
      const parser = createParser({
        onRetry: (ms) => (retryMs = ms),
        onEvent: (event) => {
          if (event.id) lastId = event.id;
          let message: StreamMessage;
          try {
            message = JSON.parse(event.data);
          } catch {
            return;
          }
          chain = chain.then(() => onMessage(message));
        },
      });
      const decoder = new TextDecoder();
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        parser.feed(decoder.decode(chunk, { stream: true }));
        await chain;
      }
      why = "the server closed the stream";
    } catch (error) {
      if (error instanceof CliError) throw error;
      if (options.signal.aborted) return;
      why = String((error as Error).cause ?? (error as Error).message);
      if (!connectedOnce && !lastId) throw new CliError(`Cannot reach Callscope at ${conn.url}: ${why}`, EXIT.unreachable);
    }
    if (options.signal.aborted) return;
    options.onDropped?.(why);
    await pause(Math.min(retryMs, 5_000), options.signal);
  }
}

async function errorText(response: Response) {
  const text = await response.text().catch(() => "");
  try {
    return (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? text;
  } catch {
    return text || response.statusText;
  }
}

const pause = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });
