// Serves Callscope over node:http: `node scripts/next-server.mjs start|dev -p PORT`.
// It is Next.js's own request handler with one addition: the client's address
// is taken from the socket (or, behind CALLSCOPE_TRUSTED_PROXIES proxies, from
// the X-Forwarded-For entry that the nearest trusted proxy saw) and passed on
// in a header that requests cannot set themselves. Rate limits key on it.
import http from "node:http";
import path from "node:path";
import next from "next";
import { badRequestBody, badRequestTarget } from "../lib/http/request-target.mjs";
import { clientAddress, CLIENT_ADDRESS_HEADER, noteForwardedHeaders, PROXY_WARNING } from "../lib/http/client-address.mjs";

const mode = process.argv[2] === "dev" ? "dev" : "start";
const portFlag = process.argv.indexOf("-p");
const port = Number(portFlag > 0 ? process.argv[portFlag + 1] : (process.env.PORT ?? 3000));
const hostname = process.env.HOSTNAME && process.env.HOSTNAME !== "localhost" ? process.env.HOSTNAME : undefined;
const trustedProxies = Number(process.env.CALLSCOPE_TRUSTED_PROXIES ?? 0) || 0;

if (mode === "start") process.env.NODE_ENV = "production";
const app = next({ dev: mode === "dev", dir: path.resolve(import.meta.dirname, ".."), port, hostname });
const handle = app.getRequestHandler();
await app.prepare();

if (!trustedProxies)
  console.log("[callscope] CALLSCOPE_TRUSTED_PROXIES is 0: client addresses come from the socket; behind a reverse proxy, set it to the number of proxies");

const server = http.createServer((request, response) => {
  if (noteForwardedHeaders(request.headers, trustedProxies)) console.warn(`[callscope] warning: ${PROXY_WARNING}`);
  request.headers[CLIENT_ADDRESS_HEADER] = clientAddress(request.socket.remoteAddress, request.headers["x-forwarded-for"], trustedProxies);
  const refused = badRequestTarget(request.url ?? "/");
  if (refused) {
    response.writeHead(400, { "content-type": "application/json", "x-content-type-options": "nosniff" });
    return void response.end(badRequestBody(refused));
  }
  handle(request, response);
});
if (mode === "dev") server.on("upgrade", app.getUpgradeHandler());
server.keepAliveTimeout = 65_000;
server.listen(port, hostname, () => {
  console.log(`[callscope] listening on http://${hostname ?? "localhost"}:${port}`);
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    server.close();
    app.close?.().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 3000).unref();
  });
}
