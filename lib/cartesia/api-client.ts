// Cartesia's REST API, as Callscope reads it: agents, calls (with their
// transcripts), call batches, recordings, call logs and deployments, with the
// headers of Cartesia's API conventions (`Authorization: Bearer <key>` and
// `Cartesia-Version`) and `User-Agent: callscope/<version>` on every request.
//
// Timeouts and retries follow the official SDK (@cartesia/cartesia-js,
// src/client.ts: `fetchWithTimeout`, `shouldRetry`, `retryRequest`):
// - each attempt has its own timeout (CARTESIA_TIMEOUT_S, 60 s like the SDK's
//   DEFAULT_TIMEOUT), covering the wait for the answer's headers; a timed-out
//   or failed connection is retried;
// - `x-should-retry: true` forces a retry and `false` forbids one; otherwise
//   408 (request timeout), 409 (lock timeout), 429 and 5xx are retried;
// - the wait is `retry-after-ms` (milliseconds), else `Retry-After` (seconds
//   or an HTTP-date), else exponential backoff from 0.5 s with up to 25%
//   jitter (capped at 30 s here, as the sync runs in the background). A wait
//   asked for is capped at 60 s.
// Any other 4xx stops at once with Cartesia's own message: retrying would not
// change the answer.
import pkg from "@/package.json";
import type { DeploymentInput } from "@/lib/cartesia/deployment";
import type { CallObject } from "@/lib/cartesia/call-object";
import { type CallBatch, callStatus } from "@/lib/cartesia/call-batch";

export const USER_AGENT = `callscope/${pkg.version}`;

export class CartesiaAuthError extends Error {
  constructor() {
    super("Cartesia refused the API key (401). Check CARTESIA_API_KEY.");
  }
}

export class CartesiaError extends Error {}

/** Cartesia refused the request itself (a 4xx other than 429): retrying cannot help. */
export class CartesiaRequestError extends CartesiaError {
  constructor(
    readonly status: number,
    readonly path: string,
    message: string,
  ) {
    super(`Cartesia refused ${path.split("?")[0]} with ${status}: ${message}`);
  }
}

/** The message in one of Cartesia's error bodies, or the body itself. */
export function cartesiaMessage(body: string): string {
  try {
    const json = JSON.parse(body) as { message?: unknown; error?: unknown; detail?: unknown; title?: unknown };
    const error = json.error as { message?: unknown } | string | undefined;
    const found = json.message ?? (typeof error === "object" ? error?.message : error) ?? json.detail ?? json.title;
    if (typeof found === "string" && found) return found.slice(0, 500);
  } catch {
    // not JSON
  }
  return body.slice(0, 500) || "(no message)";
}

/** An evaluation metric as GET /agents/metrics lists it. */
export type MetricDefinition = { id: string; name: string; display_name?: string | null; prompt?: string | null; created_at?: string | null };

/** A metric's result for one call, as GET /agents/metrics/results gives it (camelCase, as Cartesia sends it). */
export type MetricResult = {
  id: string;
  metricId?: string | null;
  metricName: string;
  metricDisplayName?: string | null;
  agentId?: string | null;
  callId: string;
  deploymentId?: string | null;
  runId?: string | null;
  result?: string | null;
  jsonResult?: unknown;
  value?: unknown;
  status?: string | null;
  createdAt?: string | null;
};

type Paged<T> = { data: T[]; has_more?: boolean; next_page?: string | null };

/** An agent as GET /agents lists it. */
export type AgentSummary = { id: string; name?: string | null; deleted_at?: string | null };

export type CartesiaOptions = {
  apiKey: string;
  baseUrl: string;
  version: string;
  /** how long one attempt may wait for Cartesia's answer, in ms (CARTESIA_TIMEOUT_S × 1000) */
  timeoutMs?: number;
  /** waits between retries; tests shorten it */
  sleep?: (ms: number) => Promise<void>;
  maxAttempts?: number;
  /** jitter of the backoff, from 0 to 1 (Math.random); tests fix it */
  random?: () => number;
};

const RETRIED = new Set([408, 409, 429]);

/** Whether a failed answer is worth another attempt: the server's word first (x-should-retry), then its status. */
export function shouldRetry(response: Pick<Response, "status" | "headers">): boolean {
  const header = response.headers.get("x-should-retry");
  if (header === "true") return true;
  if (header === "false") return false;
  return RETRIED.has(response.status) || response.status >= 500;
}

/** The wait a failed answer asks for, in ms: retry-after-ms, else Retry-After in seconds or as an HTTP-date; null when none. */
export function requestedWait(headers: Headers, now = Date.now()): number | null {
  const ms = headers.get("retry-after-ms");
  if (ms !== null && ms.trim() !== "" && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const after = headers.get("retry-after");
  if (after === null || after.trim() === "") return null;
  const seconds = Number(after);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(after);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

export type CallPage = { data: CallObject[]; next_page: string | null };

/** A call whose status is in one vocabulary, whichever Cartesia-Version answered. */
function oneVocabulary(call: CallObject): CallObject {
  return call && typeof call === "object" && call.status === "active" ? { ...call, status: callStatus(call.status) } : call;
}

export function cartesiaClient(options: CartesiaOptions) {
  const sleep = options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const maxAttempts = options.maxAttempts ?? 6;
  const base = options.baseUrl.replace(/\/$/, "");

  const timeoutMs = options.timeoutMs ?? 60_000;
  const random = options.random ?? Math.random;
  /** The SDK's default: 0.5 s doubling each retry, minus up to 25% jitter (capped at 30 s, not the SDK's 8 s). */
  const backoff = (attempt: number) => Math.min(30_000, 500 * 2 ** (attempt - 1)) * (1 - random() * 0.25);

  /** One attempt: its timeout covers the wait for the answer's headers, not the reading of its body. */
  async function attempt(path: string): Promise<Response> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
    try {
      return await fetch(`${base}${path}`, {
        headers: { Authorization: `Bearer ${options.apiKey}`, "Cartesia-Version": options.version, "User-Agent": USER_AGENT },
        cache: "no-store",
        signal: controller.signal,
      });
    } catch (error) {
      throw controller.signal.aborted ? (controller.signal.reason as Error) : error;
    } finally {
      clearTimeout(timer);
    }
  }

  async function send(path: string): Promise<Response | null> {
    for (let n = 1; ; n++) {
      let response: Response;
      try {
        response = await attempt(path);
      } catch (error) {
        if (n >= maxAttempts) throw new CartesiaError(`Cannot reach Cartesia at ${base}: ${(error as Error).message}`);
        await sleep(backoff(n));
        continue;
      }
      if (response.ok) return response;
      // Error bodies are small: read them to free the connection (cancelling the stream can hang under Next.js's fetch).
      const body = await response.text().catch(() => "");
      const retry = shouldRetry(response);
      if (retry && n < maxAttempts) {
        const wanted = requestedWait(response.headers);
        await sleep(wanted !== null ? Math.min(wanted, 60_000) : backoff(n));
        continue;
      }
      if (response.status === 401) throw new CartesiaAuthError();
      if (response.status === 404) return null;
      // A refusal that a retry could change (a timeout, a lock, a rate limit) is not final: the job tries again later.
      if (response.status >= 400 && response.status < 500 && !RETRIED.has(response.status) && !retry)
        throw new CartesiaRequestError(response.status, path, cartesiaMessage(body));
      throw new CartesiaError(`Cartesia answered ${response.status} for ${path.split("?")[0]}: ${cartesiaMessage(body)}`);
    }
  }

  async function json<T>(path: string): Promise<T | null> {
    const response = await send(path);
    return response ? ((await response.json()) as T) : null;
  }

  return {
    /** GET /agents: the account's agents (not paginated). */
    async listAgents(): Promise<AgentSummary[]> {
      return (await json<{ summaries: AgentSummary[] }>("/agents"))?.summaries ?? [];
    },
    /** GET /agents/calls: one agent's calls, newest first; `agent_id` is required, 1 to 100 a page. */
    async listCalls(params: { agentId: string; limit?: number; startingAfter?: string | null }): Promise<CallPage> {
      const q = new URLSearchParams({ agent_id: params.agentId, expand: "transcript", limit: String(Math.min(100, Math.max(1, params.limit ?? 100))) });
      if (params.startingAfter) q.set("starting_after", params.startingAfter);
      const page = (await json<CallPage>(`/agents/calls?${q}`)) ?? { data: [], next_page: null };
      return { ...page, data: page.data.map(oneVocabulary) };
    },
    async getCall(id: string): Promise<CallObject | null> {
      const call = await json<CallObject>(`/agents/calls/${encodeURIComponent(id)}`);
      return call ? oneVocabulary(call) : null;
    },
    /** GET /agents/calls/batches: one page of the account's call batches (or one agent's), 1 to 100 a page. */
    async listBatches(params: { agentId?: string; startingAfter?: string | null } = {}): Promise<Paged<CallBatch>> {
      const q = new URLSearchParams({ limit: "100" });
      if (params.agentId) q.set("agent_id", params.agentId);
      if (params.startingAfter) q.set("starting_after", params.startingAfter);
      return (await json<Paged<CallBatch>>(`/agents/calls/batches?${q}`)) ?? { data: [] };
    },
    /** GET /agents/calls/batches/{id}: one batch, with its recipients; null when Cartesia has no such batch. */
    getBatch: (id: string) => json<CallBatch>(`/agents/calls/batches/${encodeURIComponent(id)}`),
    /** GET /agents/metrics: one page of the account's judge metrics. */
    async listMetrics(startingAfter?: string | null): Promise<Paged<MetricDefinition>> {
      const q = new URLSearchParams({ limit: "100" });
      if (startingAfter) q.set("starting_after", startingAfter);
      return (await json<Paged<MetricDefinition>>(`/agents/metrics?${q}`)) ?? { data: [] };
    },
    /** GET /agents/metrics/results: one page of an agent's metric results, optionally from a date on. */
    async listMetricResults(params: { agentId: string; startDate?: string; startingAfter?: string | null }): Promise<Paged<MetricResult>> {
      const q = new URLSearchParams({ agent_id: params.agentId, limit: "100" });
      if (params.startDate) q.set("start_date", params.startDate);
      if (params.startingAfter) q.set("starting_after", params.startingAfter);
      return (await json<Paged<MetricResult>>(`/agents/metrics/results?${q}`)) ?? { data: [] };
    },
    /** The recording, or null when Cartesia has none. */
    getAudio: (id: string) => send(`/agents/calls/${encodeURIComponent(id)}/audio`),
    /** The call's logs, or null while in progress or after retention removed them. */
    getLogs: (id: string) => json<{ call_id: string; logs: string[]; updated_at?: string }>(`/agents/calls/${encodeURIComponent(id)}/logs`),
    async listDeployments(agentId: string): Promise<(DeploymentInput & { id: string })[]> {
      return (await json<(DeploymentInput & { id: string })[]>(`/agents/${encodeURIComponent(agentId)}/deployments`)) ?? [];
    },
  };
}

export type CartesiaClient = ReturnType<typeof cartesiaClient>;
