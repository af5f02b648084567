// A local stand-in for Cartesia's API (versions up to 2026-08-14), written from
// Cartesia's documentation and the official SDK's types (@cartesia/cartesia-js)
// and nothing else. Each endpoint names the page it follows, and refuses what
// that page says the real service refuses:
// - every request needs `Authorization: Bearer <key>` (the API conventions
//   page: https://docs.cartesia.ai/api-reference/api-conventions; the old
//   `X-API-Key` header alone is refused with 401) and `Cartesia-Version`;
// - List Calls needs `agent_id` (or `batch_id`) and takes `limit` 1 to 100;
// - List Call Batches takes `limit` 1 to 100 and an optional `agent_id`, and
//   lists batches without their `recipients`, which only Get Call Batch carries.
// Tests can make a path fail a few times, slow every answer down, and change
// the key the fake accepts.
import http from "node:http";
import type { AddressInfo } from "node:net";

export type FakeFailure = {
  path: RegExp;
  status: number;
  times: number;
  /** seconds, or an HTTP-date, for Retry-After */
  retryAfter?: number | string;
  /** headers to send with the failure, such as retry-after-ms or x-should-retry */
  headers?: Record<string, string>;
  message?: string;
};

export type FakeCartesia = {
  url: string;
  /** the key the fake accepts; change it to make the server's key wrong */
  key: string;
  agents: { id: string; name: string; deleted_at?: string | null }[];
  calls: Record<string, any>[];
  audio: Map<string, Buffer>;
  /** the Content-Type a call's audio is answered with, when not audio/wav */
  audioTypes: Map<string, string>;
  logs: Map<string, string[]>;
  deployments: Map<string, Record<string, any>[]>;
  /** judge metrics, and metric results in Cartesia's camelCase */
  metrics: Record<string, any>[];
  metricResults: Record<string, any>[];
  /** call batches as Get Call Batch answers them, with their recipients */
  batches: Record<string, any>[];
  failures: FakeFailure[];
  requests: string[];
  /** the headers of each request, in order */
  headers: http.IncomingHttpHeaders[];
  pageSize: number;
  /** how long each answer waits, in ms */
  delayMs: number;
  close: () => Promise<void>;
};

const VERSIONS = new Set(["2024-06-10", "2024-11-13", "2025-04-16", "2025-11-04", "2026-03-01", "2026-08-14"]);

export async function startFakeCartesia(key = "sk_car_test"): Promise<FakeCartesia> {
  const state = {
    key,
    agents: [] as FakeCartesia["agents"],
    calls: [] as Record<string, any>[],
    audio: new Map<string, Buffer>(),
    audioTypes: new Map<string, string>(),
    logs: new Map<string, string[]>(),
    deployments: new Map<string, Record<string, any>[]>(),
    metrics: [] as Record<string, any>[],
    metricResults: [] as Record<string, any>[],
    batches: [] as Record<string, any>[],
    failures: [] as FakeFailure[],
    requests: [] as string[],
    headers: [] as http.IncomingHttpHeaders[],
    pageSize: 100,
    delayMs: 0,
  };
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url!, "http://x");
    state.requests.push(`${req.method} ${url.pathname}${url.search}`);
    state.headers.push(req.headers);
    if (state.delayMs) await new Promise((r) => setTimeout(r, state.delayMs));
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    };
    const refuse = (status: number, message: string) => send(status, { error: message, message });

    // API conventions: Bearer authentication and a known Cartesia-Version on every request.
    const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ""))?.[1];
    if (bearer !== state.key) return refuse(401, "Invalid or missing API key. Send it as Authorization: Bearer <key>.");
    const version = req.headers["cartesia-version"];
    if (typeof version !== "string" || !VERSIONS.has(version)) return refuse(400, "Cartesia-Version header is missing or not a supported version.");
    const failure = state.failures.find((f) => f.path.test(url.pathname) && f.times > 0);
    if (failure) {
      failure.times--;
      const headers: Record<string, string> = {
        ...(failure.retryAfter !== undefined ? { "retry-after": String(failure.retryAfter) } : {}),
        ...failure.headers,
      };
      return send(failure.status, { error: failure.message ?? "injected", message: failure.message ?? "injected" }, headers);
    }
    if (req.method !== "GET") return refuse(405, "Method not allowed.");

    let m: RegExpExecArray | null;
    /** Cursor paging as Cartesia's list endpoints do it: limit 1 to 100, starting_after an id, next_page the last id. */
    const paged = (list: Record<string, any>[]) => {
      const limit = Number(url.searchParams.get("limit") ?? 10);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) return null;
      const after = url.searchParams.get("starting_after");
      const start = after ? list.findIndex((x) => x.id === after) + 1 : 0;
      const size = Math.min(limit, state.pageSize);
      const page = list.slice(start, start + size);
      const more = start + size < list.length;
      return { data: page, has_more: more, next_page: more ? page.at(-1)!.id : null };
    };
    // List Metrics: https://docs.cartesia.ai/api-reference/agents/metrics/list-metrics
    if (url.pathname === "/agents/metrics") {
      const page = paged(state.metrics);
      return page ? send(200, page) : refuse(400, "limit must be between 1 and 100.");
    }
    // List Metric Results: https://docs.cartesia.ai/api-reference/agents/metrics/list-metric-results
    // Filters agent_id, deployment_id, metric_id, call_id, start_date and end_date (RFC 3339, on createdAt).
    if (url.pathname === "/agents/metrics/results") {
      const f = (name: string) => url.searchParams.get(name);
      for (const name of ["start_date", "end_date"])
        if (f(name) && Number.isNaN(Date.parse(f(name)!))) return refuse(400, `${name} must be an RFC 3339 datetime.`);
      const list = state.metricResults.filter(
        (r) =>
          (!f("agent_id") || r.agentId === f("agent_id")) &&
          (!f("deployment_id") || r.deploymentId === f("deployment_id")) &&
          (!f("metric_id") || r.metricId === f("metric_id")) &&
          (!f("call_id") || r.callId === f("call_id")) &&
          (!f("start_date") || Date.parse(r.createdAt) >= Date.parse(f("start_date")!)) &&
          (!f("end_date") || Date.parse(r.createdAt) <= Date.parse(f("end_date")!)),
      );
      const page = paged(list);
      return page ? send(200, page) : refuse(400, "limit must be between 1 and 100.");
    }
    // List Call Batches: https://docs.cartesia.ai/api-reference/agents/call-batches/list-call-batches
    // Optional agent_id; starting_after / ending_before are batch ids; limit 1 to 100; { data, has_more, next_page }.
    // Recipients are "returned only on GET /agents/calls/batches/{batch_id}".
    if (url.pathname === "/agents/calls/batches") {
      const agent = url.searchParams.get("agent_id");
      const after = url.searchParams.get("starting_after");
      if (after && !state.batches.some((b) => b.id === after)) return refuse(400, "starting_after is not a batch of this account.");
      const list = state.batches
        .filter((b) => !agent || b.agent_id === agent)
        .sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)))
        .map(({ recipients: _recipients, ...rest }) => rest);
      const page = paged(list);
      return page ? send(200, page) : refuse(400, "limit must be between 1 and 100.");
    }
    // Get Call Batch: https://docs.cartesia.ai/api-reference/agents/call-batches/get-call-batch (404 when there is no such batch)
    if ((m = /^\/agents\/calls\/batches\/([^/]+)$/.exec(url.pathname))) {
      const batch = state.batches.find((b) => b.id === decodeURIComponent(m![1]));
      return batch ? send(200, batch) : refuse(404, "Batch not found.");
    }
    // List Agents: https://docs.cartesia.ai/api-reference/agents/agents/list → { summaries: [...] }
    if (url.pathname === "/agents") {
      return send(200, {
        summaries: state.agents.map((a) => ({
          id: a.id,
          name: a.name,
          created_at: "2025-06-01T00:00:00Z",
          updated_at: "2025-06-01T00:00:00Z",
          deleted_at: a.deleted_at ?? null,
        })),
      });
    }
    // List Calls: https://docs.cartesia.ai/2026-03-01/api-reference/agents/calls/list-calls
    // "Lists calls sorted by start time in descending order for a specific agent. agent_id is required";
    // starting_after is the id of the call to start after; limit ranges between 1 and 100.
    if (url.pathname === "/agents/calls") {
      const agent = url.searchParams.get("agent_id");
      const batch = url.searchParams.get("batch_id");
      if (!agent && !batch) return refuse(400, "agent_id is required.");
      const limit = Number(url.searchParams.get("limit") ?? 10);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) return refuse(400, "limit must be between 1 and 100.");
      const list = state.calls
        .filter((c) => (!agent || c.agent_id === agent) && (!batch || c.batch_id === batch))
        .sort((a, b) => String(b.start_time).localeCompare(String(a.start_time)));
      const after = url.searchParams.get("starting_after");
      const start = after ? list.findIndex((c) => c.id === after) + 1 : 0;
      const size = Math.min(limit, state.pageSize);
      const page = list.slice(start, start + size);
      const expand = url.searchParams.get("expand") === "transcript";
      return send(200, {
        data: page.map((c) => (expand ? c : { ...c, transcript: undefined })),
        next_page: start + size < list.length ? page.at(-1)!.id : null,
      });
    }
    // Download Call Audio: https://docs.cartesia.ai/api-reference/agents/calls/download-call-audio (404 when there is none)
    if ((m = /^\/agents\/calls\/([^/]+)\/audio$/.exec(url.pathname))) {
      const audio = state.audio.get(decodeURIComponent(m[1]));
      if (!audio) return refuse(404, "No audio for this call.");
      const type = state.audioTypes.get(decodeURIComponent(m[1])) ?? "audio/wav";
      res.writeHead(200, { "content-type": type, "content-length": String(audio.length) });
      return res.end(audio);
    }
    // Get Call Logs: https://docs.cartesia.ai/api-reference/agents/calls/get-call-logs (404 while in progress or after retention)
    if ((m = /^\/agents\/calls\/([^/]+)\/logs$/.exec(url.pathname))) {
      const id = decodeURIComponent(m[1]);
      const logs = state.logs.get(id);
      return logs ? send(200, { call_id: id, logs, updated_at: new Date().toISOString() }) : refuse(404, "No logs for this call.");
    }
    // Get Call: https://docs.cartesia.ai/api-reference/agents/calls/get-call
    if ((m = /^\/agents\/calls\/([^/]+)$/.exec(url.pathname))) {
      const call = state.calls.find((c) => c.id === decodeURIComponent(m![1]));
      return call ? send(200, call) : refuse(404, "Call not found.");
    }
    // List Deployments: https://docs.cartesia.ai/api-reference/agents/deployments/list-deployments
    if ((m = /^\/agents\/([^/]+)\/deployments$/.exec(url.pathname))) {
      return send(200, state.deployments.get(decodeURIComponent(m[1])) ?? []);
    }
    refuse(404, "Not found.");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const { port } = server.address() as AddressInfo;
  const fake = {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
  return Object.assign(state, fake) as FakeCartesia;
}
