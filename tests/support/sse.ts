// A test client of the live stream: reads Server-Sent Events from a real
// HTTP response with eventsource-parser (as the CLI does) and keeps them.
import { createParser } from "eventsource-parser";

export type SseEvent = { id?: string; data: any; raw: string };

export type SseClient = {
  status: number;
  headers: Headers;
  /** the body, when the answer was not a stream */
  body: any;
  events: SseEvent[];
  comments: string[];
  /** everything received, as text */
  text: () => string;
  /** the first event (from `from` on) for which `match` holds, waiting up to `timeoutMs` */
  next: (match: (data: any) => boolean, timeoutMs?: number, from?: number) => Promise<SseEvent>;
  close: () => void;
};

export async function openStream(url: string, headers: Record<string, string>): Promise<SseClient> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { accept: "text/event-stream", ...headers }, signal: controller.signal });
  const events: SseEvent[] = [];
  const comments: string[] = [];
  let received = "";
  const waiters = new Set<() => void>();
  const client: SseClient = {
    status: response.status,
    headers: response.headers,
    body: null,
    events,
    comments,
    text: () => received,
    next: (match, timeoutMs = 5_000, from = 0) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = events.slice(from).find((e) => match(e.data));
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(events.map((e) => e.data)).slice(0, 1500)}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      }),
    close: () => controller.abort(),
  };
  if (!response.headers.get("content-type")?.startsWith("text/event-stream")) {
    client.body = await response.json().catch(() => null);
    return client;
  }
  const parser = createParser({
    onEvent: (event) => {
      events.push({ id: event.id, data: JSON.parse(event.data), raw: event.data });
      for (const waiter of [...waiters]) waiter();
    },
    onComment: (comment) => comments.push(comment),
  });
  void (async () => {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        const text = decoder.decode(chunk, { stream: true });
        received += text;
        parser.feed(text);
      }
    } catch {
      // closed
    }
  })();
  return client;
}
