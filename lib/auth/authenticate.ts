// Authenticates a request by its bearer API key or, for reading and
// administration, by a console session. Keys are looked up by the hash's
// unique index; the key itself is never stored or logged. Failed attempts are
// counted per client address, across instances, and answered 429 past the limit.
import "server-only";
import { getSessionCookie } from "better-auth/cookies";
import { db, pool } from "@/lib/db/client";
import { env } from "@/lib/env";
import { isDatabaseUnavailable, jsonError, unavailable } from "@/lib/http/errors";
import { FailureLimiter, requestAddress } from "@/lib/http/failure-limiter";
import { noteLastUsed } from "@/lib/db/note-last-used";
import { processSingleton } from "@/lib/process-singleton";
import { type ApiKeyRole, findActiveApiKey, hashApiKey } from "./api-keys";
import { auth } from "./auth";
import { sharedFailures } from "./shared-limits";

export type Principal =
  { kind: "key"; keyId: string; role: ApiKeyRole; /** empty: any agent */ agentIds: string[] } | { kind: "user"; userId: string; email: string; role: string };
export type Need = "ingest" | "read" | "admin";

/** What each role may do: ingest keys only write telemetry; members read; admins also manage. */
const ALLOWED: Record<Need, string[]> = {
  ingest: ["ingest", "member", "admin"],
  read: ["member", "admin"],
  admin: ["admin"],
};

/** The one limiter of failed webhook and API authentications in this process: what it saw itself, at once. */
export function failureLimiter(): FailureLimiter {
  return processSingleton("failure-limiter", () => new FailureLimiter(env().AUTH_FAILURE_RATE_LIMIT, env().AUTH_FAILURE_RATE_WINDOW_S * 1000));
}

/** The failures every instance saw, from Postgres. */
function allFailures() {
  return sharedFailures(pool, env().AUTH_FAILURE_RATE_LIMIT, env().AUTH_FAILURE_RATE_WINDOW_S * 1000);
}

/** 429 with Retry-After when this address has failed too often, here or on another instance, else null. */
export function refuseIfLimited(request: Request): Response | null {
  const address = requestAddress(request);
  const wait = Math.max(failureLimiter().retryAfter(address), allFailures().retryAfter(address));
  if (!wait) return null;
  return jsonError(429, "rate_limited", `Too many failed authentications from this address. Retry in ${wait} s.`, undefined, { "Retry-After": String(wait) });
}

/** Answers 401 and counts the failure against the client's address. */
export function unauthorized(request: Request, message: string): Response {
  const address = requestAddress(request);
  failureLimiter().recordFailure(address);
  allFailures().record(address);
  return jsonError(401, "unauthorized", message);
}

export async function authenticate(request: Request, need: Need): Promise<Principal | Response> {
  const limited = refuseIfLimited(request);
  if (limited) return limited;
  const header = request.headers.get("authorization");
  try {
    if (header === null && need !== "ingest" && getSessionCookie(request) !== null) {
      return await authenticateSession(request, need);
    }
    return await authenticateKey(request, header ?? "", need);
  } catch (error) {
    if (isDatabaseUnavailable(error)) return unavailable();
    throw error;
  }
}

async function authenticateKey(request: Request, header: string, need: Need): Promise<Principal | Response> {
  const match = /^Bearer ([\x21-\x7e]{8,512})$/i.exec(header);
  if (!match) return unauthorized(request, "Send an API key as `Authorization: Bearer <key>`, or sign in to the console.");
  const key = await findActiveApiKey(db(), hashApiKey(match[1]));
  if (!key) return unauthorized(request, "The API key is not valid.");
  const role = key.role;
  if (!ALLOWED[need].includes(role)) return jsonError(403, "forbidden", `This key's role (${role}) cannot do this.`);
  noteLastUsed("api-key", key.id, (at) => db().apiKey.update({ where: { id: key.id }, data: { lastUsedAt: at } }));
  return { kind: "key", keyId: key.id, role, agentIds: key.agentIds };
}

async function authenticateSession(request: Request, need: Need): Promise<Principal | Response> {
  const session = await (await auth()).api.getSession({ headers: request.headers });
  if (!session) return unauthorized(request, "The session has expired or is not valid: sign in again.");
  const role = session.user.role ?? "member";
  if (!ALLOWED[need].includes(role)) return jsonError(403, "forbidden", `Your role (${role}) cannot do this.`);
  return { kind: "user", userId: session.user.id, email: session.user.email, role };
}

/** An ingest key writes and learns nothing of what is stored: its answers say only what became of its request. */
export function writeOnly(principal: Principal): boolean {
  return principal.kind === "key" && principal.role === "ingest";
}

/** Who did it, as records of deletions and the audit name them. */
export function principalName(principal: Principal): string {
  return principal.kind === "user" ? `user ${principal.email}` : `API key ${principal.keyId}`;
}
