// Counts failed authentications per client address over a sliding window.
// Over the limit, every request from that address is answered 429 before its
// credentials are checked, so guessing gains nothing, until the window passes.
import { CLIENT_ADDRESS_HEADER } from "./client-address.mjs";

const MAX_TRACKED = 100_000;

export class FailureLimiter {
  private failures = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until this address may try again, or 0 when it may now. */
  retryAfter(address: string): number {
    const times = this.recent(address);
    if (times.length < this.limit) return 0;
    return Math.max(1, Math.ceil((times[times.length - this.limit] + this.windowMs - this.now()) / 1000));
  }

  recordFailure(address: string) {
    const times = this.recent(address);
    times.push(this.now());
    if (times.length > this.limit) times.splice(0, times.length - this.limit);
    this.failures.delete(address);
    this.failures.set(address, times);
    if (this.failures.size > MAX_TRACKED) this.failures.delete(this.failures.keys().next().value!);
  }

  private recent(address: string): number[] {
    const since = this.now() - this.windowMs;
    const times = (this.failures.get(address) ?? []).filter((t) => t > since);
    if (!times.length) this.failures.delete(address);
    return times;
  }
}

/** The address the HTTP server put on the request (see scripts/next-server.mjs). */
export function requestAddress(request: Request): string {
  return request.headers.get(CLIENT_ADDRESS_HEADER) ?? "unknown";
}
