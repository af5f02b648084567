// The delivery log of Settings → Webhooks, newest first, keyset-paginated.
import type { Pool } from "pg";
import { z } from "zod";
import { decodeCursor, encodeCursor } from "@/lib/http/cursor";

export const deliveryFiltersSchema = z.object({
  outcome: z.enum(["applied", "unknown_type", "invalid"]).optional().catch(undefined),
  type: z.string().max(128).optional(),
  call: z.string().max(256).optional(),
  cursor: z
    .string()
    .max(500)
    .optional()
    .refine((cursor) => !cursor || decodeCursor(cursor, "time-serial"), "is not a cursor this list gave out"),
});

export type DeliveryFilters = z.infer<typeof deliveryFiltersSchema>;

export type DeliveryRow = {
  id: string;
  receivedAt: Date;
  type: string;
  callId: string | null;
  outcome: string;
  error: unknown;
  payload: unknown;
};

export async function listDeliveries(pool: Pool, filters: DeliveryFilters, limit = 50) {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (v: unknown) => (params.push(v), `$${params.length}`);
  if (filters.outcome) where.push(`outcome = ${add(filters.outcome)}`);
  if (filters.type) where.push(`type = ${add(filters.type)}`);
  if (filters.call) where.push(`call_id = ${add(filters.call)}`);
  const cursor = decodeCursor(filters.cursor, "time-serial");
  if (cursor) where.push(`(received_at, id) < (${add(cursor.v)}::timestamptz, ${add(cursor.id)}::bigint)`);
  const { rows } = await pool.query(
    `select id::text, received_at, received_at::text as received_text, type, call_id, outcome, error, payload
     from webhook_deliveries ${where.length ? `where ${where.join(" and ")}` : ""}
     order by received_at desc, id desc limit ${add(limit + 1)}`,
    params,
  );
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    rows: page.map((r): DeliveryRow => ({
      id: r.id,
      receivedAt: r.received_at,
      type: r.type,
      callId: r.call_id,
      outcome: r.outcome,
      error: r.error,
      payload: r.payload,
    })),
    nextCursor: rows.length > limit && last ? encodeCursor({ v: last.received_text, id: last.id }) : null,
  };
}
