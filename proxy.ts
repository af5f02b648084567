// Runs before every page and route: sets the Content-Security-Policy with a
// fresh nonce, refuses cross-site requests that would act with the console's
// session cookie, and sends visitors without a session to the sign-in page.
// The session itself is validated by each page and route (lib/auth/session.ts
// and lib/auth/authenticate.ts); this only keeps signed-out visitors out.
import { getSessionCookie } from "better-auth/cookies";
import { type NextRequest, NextResponse } from "next/server";

const PUBLIC_PAGES = new Set(["/sign-in"]);
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function contentSecurityPolicy(nonce: string, secure: boolean) {
  const dev = process.env.NODE_ENV !== "production";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // React and the chart and waveform libraries set style attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(secure ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** A browser names the page a request comes from; it must be this site. */
function crossSite(request: NextRequest): boolean {
  const fetchSite = request.headers.get("sec-fetch-site");
  if (fetchSite) return fetchSite !== "same-origin" && fetchSite !== "none";
  const origin = request.headers.get("origin");
  if (!origin) return false;
  let host;
  try {
    host = new URL(origin).host;
  } catch {
    return true;
  }
  return !sameSiteHosts(request).has(host);
}

/**
 * The hosts this site answers as: the Host header, the public URL's host, and
 * X-Forwarded-Host only behind trusted proxies (which set it themselves);
 * without them, a request could name any host it likes there.
 */
function sameSiteHosts(request: NextRequest): Set<string> {
  const hosts = new Set<string>();
  const host = request.headers.get("host");
  if (host) hosts.add(host);
  const publicUrl = process.env.CALLSCOPE_PUBLIC_URL;
  if (publicUrl) {
    try {
      hosts.add(new URL(publicUrl).host);
    } catch {
      // validated at start
    }
  }
  const forwarded = request.headers.get("x-forwarded-host");
  if (forwarded && Number(process.env.CALLSCOPE_TRUSTED_PROXIES ?? 0) > 0) hosts.add(forwarded);
  return hosts;
}

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const hasSession = getSessionCookie(request) !== null;
  // /metrics answers Prometheus, which signs in with an API key, never a page.
  const isApi = pathname.startsWith("/api/") || pathname === "/metrics";

  if (!SAFE_METHODS.has(request.method) && hasSession && !request.headers.has("authorization") && crossSite(request)) {
    return NextResponse.json({ error: { code: "forbidden", message: "Cross-site requests cannot act with the console's session." } }, { status: 403 });
  }

  if (!isApi && !hasSession && !PUBLIC_PAGES.has(pathname)) {
    const signIn = new URL("/sign-in", request.url);
    if (pathname !== "/") signIn.searchParams.set("next", pathname + search);
    return NextResponse.redirect(signIn);
  }

  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const secure = request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  const csp = contentSecurityPolicy(nonce, secure);
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("x-callscope-path", pathname + search);
  if (!isApi) headers.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers } });
  if (!isApi) response.headers.set("content-security-policy", csp);
  if (secure) response.headers.set("strict-transport-security", "max-age=31536000; includeSubDomains");
  return response;
}

// Not for static files, nor for the webhook and the health check: they take
// no cookies and serve no pages, and the webhook is the busiest path. Nor for
// any request whose body may be large (recordings, telemetry, deployments and
// their logs): Next.js buffers the body of a request that passes through the
// proxy and cuts it at 10 MB (experimental.proxyClientMaxBodySize), so a
// limit above that would never take effect. Each of them enforces its own
// limit in full (lib/http/read-body.ts) and answers 413 naming it. Their
// writes take API keys only, never the session cookie. Every body that does
// pass through here has a limit far below 10 MB.
export const config = {
  matcher: [
    "/((?!_next/static|_next/image|favicon.ico|icon.svg|api/webhooks/|api/health|api/v1/calls/[^/]+/(?:recording|events|logs)$|api/v1/deployments/[^/]+(?:/logs)?$).*)",
  ],
};
