// Cartesia's REST API, as Callscope reads it: calls (with their transcripts),
// recordings, call logs and deployments. Retries what is worth retrying: 429
// after Retry-After, 5xx with backoff. A 401 stops with a clear message.
import type { DeploymentInput } from "@/lib/deployments/deployment-schema";
import type { CallObject } from "@/lib/ingest/webhook/schema";

export class CartesiaAuthError extends Error {
  constructor() {
    super("Cartesia refused the API key (401). Check CARTESIA_API_KEY.");
  }
}

export class CartesiaError extends Error {}

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
        response = await fetch(`${base}${path}`, { headers: { "X-API-Key": options.apiKey, "Cartesia-Version": options.version }, cache: "no-store" });
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
      throw new CartesiaError(`Cartesia answered ${response.status} for ${path}: ${(await response.text()).slice(0, 200)}`);
    }
  }

  async function json<T>(path: string): Promise<T | null> {
    const response = await send(path);
    return response ? ((await response.json()) as T) : null;
  }

  return {
    async listCalls(params: { agentId?: string; limit?: number; startingAfter?: string | null }): Promise<CallPage> {
      const q = new URLSearchParams({ expand: "transcript", limit: String(params.limit ?? 100) });
      if (params.agentId) q.set("agent_id", params.agentId);
      if (params.startingAfter) q.set("starting_after", params.startingAfter);
      return (await json<CallPage>(`/agents/calls?${q}`)) ?? { data: [], next_page: null };
    },
    getCall: (id: string) => json<CallObject>(`/agents/calls/${encodeURIComponent(id)}`),
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
