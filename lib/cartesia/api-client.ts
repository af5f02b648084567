// Cartesia's REST API, as Callscope reads it: agents, calls (with their
// transcripts), recordings, call logs and deployments, with the headers of
// Cartesia's API conventions (`Authorization: Bearer <key>` and
// `Cartesia-Version`) on every request. Retries what is worth retrying: 429
// after Retry-After, 5xx with backoff. Any other 4xx stops at once with
// Cartesia's own message: retrying would not change the answer.
import type { DeploymentInput } from "@/lib/cartesia/deployment";
import type { CallObject } from "@/lib/cartesia/call-object";

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
  /** waits between retries; tests shorten it */
  sleep?: (ms: number) => Promise<void>;
  maxAttempts?: number;
};

export type CallPage = { data: CallObject[]; next_page: string | null };

export function cartesiaClient(options: CartesiaOptions) {
  const sleep = options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const maxAttempts = options.maxAttempts ?? 6;
  const base = options.baseUrl.replace(/\/$/, "");

  async function send(path: string): Promise<Response | null> {
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(`${base}${path}`, {
          headers: { Authorization: `Bearer ${options.apiKey}`, "Cartesia-Version": options.version },
          cache: "no-store",
        });
      } catch (error) {
        if (attempt >= maxAttempts) throw new CartesiaError(`Cannot reach Cartesia at ${base}: ${(error as Error).message}`);
        await sleep(Math.min(30_000, 500 * 2 ** (attempt - 1)));
        continue;
      }
      if (response.ok) return response;
      if (response.status === 401) throw new CartesiaAuthError();
      // Error bodies are small: read them to free the connection (cancelling the stream can hang under Next.js's fetch).
      if (response.status === 404) {
        await response.text().catch(() => "");
        return null;
      }
      if ((response.status === 429 || response.status >= 500) && attempt < maxAttempts) {
        await response.text().catch(() => "");
        const retryAfter = Number(response.headers.get("retry-after"));
        await sleep(response.status === 429 && Number.isFinite(retryAfter) ? Math.min(retryAfter, 60) * 1000 : Math.min(30_000, 500 * 2 ** (attempt - 1)));
        continue;
      }
      const body = await response.text().catch(() => "");
      if (response.status >= 400 && response.status < 500 && response.status !== 429)
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
      return (await json<CallPage>(`/agents/calls?${q}`)) ?? { data: [], next_page: null };
    },
    getCall: (id: string) => json<CallObject>(`/agents/calls/${encodeURIComponent(id)}`),
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
