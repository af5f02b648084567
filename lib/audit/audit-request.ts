// Recording to the audit log from where things happen: an API request (its
// principal and address) or a console page or action (the signed-in user,
// and the address the server put on the request).
import "server-only";
import { headers } from "next/headers";
import type { Principal } from "@/lib/auth/authenticate";
import { pool, rememberWrite } from "@/lib/db/client";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/client-address.mjs";
import { requestAddress } from "@/lib/http/failure-limiter";
import { actorOf, type AuditEntry, recordAudit, userActor } from "./audit-log";

export function auditRequest(ctx: { request: Request; principal: Principal }, entry: AuditEntry): Promise<void> {
  return recordAudit(pool(), actorOf(ctx.principal), entry, requestAddress(ctx.request));
}

/**
 * A console action's audit event, recorded once its change is written: so it
 * also marks where the user's next pages may read (read replicas' read-your-writes).
 */
export async function auditConsole(user: { id: string; email: string }, entry: AuditEntry): Promise<void> {
  const address = (await headers()).get(CLIENT_ADDRESS_HEADER);
  await recordAudit(pool(), userActor(user), entry, address);
  await rememberWrite();
}

/** How long a console page's view counts as one: its live refreshes and reloads within it are not new views. */
export const VIEW_WINDOW_S = 300;

/** A console page's view, recorded once per user, target and details within {@link VIEW_WINDOW_S}. */
export async function auditConsoleView(user: { id: string; email: string }, entry: AuditEntry): Promise<void> {
  const address = (await headers()).get(CLIENT_ADDRESS_HEADER);
  await recordAudit(pool(), userActor(user), entry, address, VIEW_WINDOW_S);
}
