// The client's address for rate limits. Plain JavaScript because the HTTP
// server (scripts/next-server.mjs) runs it before Next.js sees the request.

/** The header the server sets on every request; anything a client sent in it is overwritten. */
export const CLIENT_ADDRESS_HEADER = "x-callscope-client-address";

/**
 * With no trusted proxies the socket's address is the client. Behind N trusted
 * proxies the nearest one appended what it saw to X-Forwarded-For, so the
 * client is the Nth entry from the right; entries further left are whatever the
 * client wrote and are never believed.
 */
export function clientAddress(socketAddress, forwardedFor, trustedProxies) {
  const peer = socketAddress ?? "unknown";
  if (!trustedProxies) return peer;
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor ?? "";
  const chain = [...header.split(",").map((s) => s.trim()).filter(Boolean), peer];
  return chain[Math.max(0, chain.length - 1 - trustedProxies)];
}
