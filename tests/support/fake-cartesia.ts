// A local stand-in for Cartesia's API that speaks its documented shapes:
// paginated calls (newest first, next_page cursors), /audio (404 when there
// is none), /logs (404 when there are none) and deployments per agent; it
// checks the API key and can be told to fail a path a few times.
import http from "node:http";
import type { AddressInfo } from "node:net";

export type FakeFailure = { path: RegExp; status: number; times: number; retryAfter?: number };

export type FakeCartesia = {
  url: string;
  key: string;
  calls: Record<string, any>[];
  audio: Map<string, Buffer>;
  logs: Map<string, string[]>;
  deployments: Map<string, Record<string, any>[]>;
  failures: FakeFailure[];
  requests: string[];
  pageSize: number;
  close: () => Promise<void>;
};

export async function startFakeCartesia(key = "sk_car_test"): Promise<FakeCartesia> {
  const state = {
    calls: [] as Record<string, any>[],
    audio: new Map<string, Buffer>(),
    logs: new Map<string, string[]>(),
    deployments: new Map<string, Record<string, any>[]>(),
    failures: [] as FakeFailure[],
    requests: [] as string[],
    pageSize: 100,
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, "http://x");
    state.requests.push(`${req.method} ${url.pathname}${url.search}`);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    };
    const auth = req.headers["x-api-key"] ?? String(req.headers.authorization ?? "").replace(/^Bearer /, "");
    if (auth !== key) return send(401, { error: "invalid api key" });
    if (!req.headers["cartesia-version"]) return send(400, { error: "Cartesia-Version header required" });
    const failure = state.failures.find((f) => f.path.test(url.pathname) && f.times > 0);
    if (failure) {
      failure.times--;
      return send(failure.status, { error: "injected" }, failure.retryAfter !== undefined ? { "retry-after": String(failure.retryAfter) } : {});
    }
    let m: RegExpExecArray | null;
    if (url.pathname === "/agents/calls") {
      const agent = url.searchParams.get("agent_id");
      const list = state.calls.filter((c) => !agent || c.agent_id === agent);
      const after = url.searchParams.get("starting_after");
      const start = after ? list.findIndex((c) => c.id === after) + 1 : 0;
      const limit = Math.min(Number(url.searchParams.get("limit") ?? 10), state.pageSize);
      const page = list.slice(start, start + limit);
      const expand = url.searchParams.get("expand") === "transcript";
      return send(200, {
        data: page.map((c) => (expand ? c : { ...c, transcript: undefined })),
        next_page: start + limit < list.length ? page.at(-1)!.id : null,
      });
    }
    if ((m = /^\/agents\/calls\/([^/]+)\/audio$/.exec(url.pathname))) {
      const audio = state.audio.get(decodeURIComponent(m[1]));
      if (!audio) return send(404, { error: "no recording" });
      res.writeHead(200, { "content-type": "audio/wav", "content-length": String(audio.length) });
      return res.end(audio);
    }
    if ((m = /^\/agents\/calls\/([^/]+)\/logs$/.exec(url.pathname))) {
      const id = decodeURIComponent(m[1]);
      const logs = state.logs.get(id);
      return logs ? send(200, { call_id: id, logs, updated_at: new Date().toISOString() }) : send(404, { error: "no logs" });
    }
    if ((m = /^\/agents\/calls\/([^/]+)$/.exec(url.pathname))) {
      const call = state.calls.find((c) => c.id === decodeURIComponent(m![1]));
      return call ? send(200, call) : send(404, { error: "no call" });
    }
    if ((m = /^\/agents\/([^/]+)\/deployments$/.exec(url.pathname))) {
      return send(200, state.deployments.get(decodeURIComponent(m[1])) ?? []);
    }
    send(404, { error: "unknown path" });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const { port } = server.address() as AddressInfo;
  const fake = {
    url: `http://127.0.0.1:${port}`,
    key,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
  return Object.assign(state, fake) as FakeCartesia;
}
