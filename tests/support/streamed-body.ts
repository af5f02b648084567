// Request bodies sent as a stream (chunked, with no Content-Length), made on
// the fly so that a test can send far more than it holds in memory.

/** `total` bytes: `head`, then `fill` repeated (cut to fit), then `tail`, in chunks of about 64 KiB. */
export function streamedBody(total: number, parts: { head?: string; fill: string; tail?: string }): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const head = encoder.encode(parts.head ?? "");
  const tail = encoder.encode(parts.tail ?? "");
  const unit = encoder.encode(parts.fill);
  const block = new Uint8Array(Math.ceil(65536 / unit.length) * unit.length);
  for (let i = 0; i < block.length; i += unit.length) block.set(unit, i);
  let sent = 0;
  const middle = total - head.length - tail.length;
  return new ReadableStream({
    pull(controller) {
      if (sent === 0 && head.length) controller.enqueue(head);
      if (sent >= middle) {
        if (tail.length) controller.enqueue(tail);
        controller.close();
        return;
      }
      const n = Math.min(block.length, middle - sent);
      controller.enqueue(block.slice(0, n));
      sent += n;
    },
  });
}

/** A request whose body is streamed; a server that answers before reading it all (413) still gets its answer read. */
export async function sendStreamed(url: string, init: { method: string; headers: Record<string, string>; body: ReadableStream<Uint8Array> }) {
  try {
    const response = await fetch(url, { ...init, duplex: "half" } as RequestInit);
    const text = await response.text();
    let json: any = null;
    try {
      json = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: response.status, json };
  } catch (error) {
    return { status: 0, json: null, error: error as Error };
  }
}
