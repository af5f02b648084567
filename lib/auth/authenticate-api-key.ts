// Authenticates a request by its bearer API key. The hash is looked up by
// its unique index; the key itself is never stored or logged.
import "server-only";
import { db } from "@/lib/db/client";
import { isDatabaseUnavailable, jsonError, unavailable } from "@/lib/http/errors";
import { type ApiKeyRole, hashApiKey } from "./api-keys";

export type ApiPrincipal = { keyId: string; role: ApiKeyRole };

const LAST_USED_EVERY_MS = 60_000;
const lastUsedWritten = new Map<string, number>();

/** What each role may do: ingest keys only write telemetry; members read; admins also manage. */
const ALLOWED: Record<"ingest" | "read" | "admin", ApiKeyRole[]> = {
  ingest: ["ingest", "member", "admin"],
  read: ["member", "admin"],
  admin: ["admin"],
};

export async function authenticateApiKey(request: Request, need: keyof typeof ALLOWED): Promise<ApiPrincipal | Response> {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S{8,512})$/i.exec(header.trim());
  if (!match) return jsonError(401, "unauthorized", "Send an API key as `Authorization: Bearer <key>`.");
  let key;
  try {
    key = await db().apiKey.findUnique({ where: { hash: hashApiKey(match[1]) }, select: { id: true, role: true, revokedAt: true } });
  } catch (error) {
    if (isDatabaseUnavailable(error)) return unavailable();
    throw error;
  }
  if (!key || key.revokedAt) return jsonError(401, "unauthorized", "The API key is not valid.");
  const role = key.role as ApiKeyRole;
  if (!ALLOWED[need].includes(role)) return jsonError(403, "forbidden", `This key's role (${role}) cannot do this.`);
  const now = Date.now();
  if (now - (lastUsedWritten.get(key.id) ?? 0) > LAST_USED_EVERY_MS) {
    lastUsedWritten.set(key.id, now);
    db().apiKey.update({ where: { id: key.id }, data: { lastUsedAt: new Date(now) } }).catch(() => {});
  }
  return { keyId: key.id, role };
}
