// Erasure by person: every call with this phone number (as caller or callee,
// in the telephony parameters or in the call's metadata) or this email
// address (in the transcript, summary, events or metadata) loses its content
// and recording, as an admin's delete does; so does every logged webhook
// delivery with no call (an invalid one, say) that names the number, the
// address or one of the calls. The number or address itself is not written
// anywhere: the audit log names the calls, not the person.
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";
import type { Pool } from "pg";
import { z } from "zod";
import { type DeletedContent, deleteCallContentIn } from "@/lib/privacy/delete-call-content";
import { withTransaction } from "@/lib/db/transaction";
import type { RecordingStorage } from "@/lib/recordings/storage";

export const erasureSchema = z.union([z.strictObject({ phone: z.string().trim().min(3).max(64) }), z.strictObject({ email: z.email().max(320) })]);
export type Person = z.infer<typeof erasureSchema>;

/** The digit strings a number may be stored as: international, national, national with a trunk 0. */
export function phoneDigits(phone: string, region: CountryCode): string[] | null {
  const parsed = parsePhoneNumberFromString(phone, region);
  if (!parsed || !parsed.isPossible()) return null;
  const national = parsed.nationalNumber.toString();
  return [...new Set([`${parsed.countryCallingCode}${national}`, national, `0${national}`])];
}

/** Every string of a JSON column, as digits only. */
const digitsOfStrings = (column: string) =>
  `exists (select 1 from jsonb_path_query(${column}, 'strict $.** ? (@.type() == "string")') v where regexp_replace(v #>> '{}', '\\D', '', 'g') = any($1::text[]))`;

const PHONE_CALLS = `select c.id from calls c where c.content_deleted_at is null and (
    regexp_replace(coalesce(c.from_number, ''), '\\D', '', 'g') = any($1::text[])
    or regexp_replace(coalesce(c.to_number, ''), '\\D', '', 'g') = any($1::text[])
    or ${digitsOfStrings("c.telephony")} or ${digitsOfStrings("c.metadata")})`;

const EMAIL_CALLS = `select c.id from calls c where c.content_deleted_at is null and (
    strpos(lower(coalesce(c.summary, '')), $1) > 0 or strpos(lower(coalesce(c.metadata::text, '')), $1) > 0
    or exists (select 1 from turns t where t.call_id = c.id and strpos(lower(t.text), $1) > 0)
    or exists (select 1 from call_events e where e.call_id = c.id
      and strpos(lower(concat_ws(' ', e.message, e.value::text, e.metadata::text)), $1) > 0))`;

const BATCH = 200;

/** Deliveries logged with no call id: matched on their strings and numbers (phone), their text (email), and the erased calls' ids. */
const ORPHAN_MATCH = {
  phone: `exists (select 1 from jsonb_path_query(d.payload, 'strict $.** ? (@.type() == "string" || @.type() == "number")') v
    where regexp_replace(v #>> '{}', '\\D', '', 'g') like any (select '%' || n || '%' from unnest($1::text[]) n))`,
  email: "strpos(lower(d.payload::text), $1) > 0",
};

async function eraseOrphanDeliveries(pool: Pool, match: string, needle: string[] | string, callIds: string[], record: DeletedContent) {
  await pool.query(
    `update webhook_deliveries d set payload = jsonb_build_object('type', d.type, 'content_deleted', $2::jsonb)
     where d.call_id is null and not (d.payload ? 'content_deleted')
       and (${match} or d.payload::text like any (select '%"' || id || '"%' from unnest($3::text[]) id))`,
    [needle, JSON.stringify(record), callIds],
  );
}

/** Erases the person's calls; answers their ids. */
export async function erasePerson(pool: Pool, storage: RecordingStorage, person: Person, by: string, region: CountryCode): Promise<string[]> {
  let ids: string[];
  let needle: string[] | string;
  if ("phone" in person) {
    const digits = phoneDigits(person.phone, region);
    if (!digits) throw new Error("not a phone number");
    needle = digits;
    ids = (await pool.query(PHONE_CALLS, [digits])).rows.map((r) => r.id as string);
  } else {
    needle = person.email.trim().toLowerCase();
    ids = (await pool.query(EMAIL_CALLS, [needle])).rows.map((r) => r.id as string);
  }
  const record = { at: new Date().toISOString(), by, reason: "erased" as const };
  await eraseOrphanDeliveries(pool, "phone" in person ? ORPHAN_MATCH.phone : ORPHAN_MATCH.email, needle, ids, record);
  for (let i = 0; i < ids.length; i += BATCH) {
    const batch = ids.slice(i, i + BATCH);
    const keys = await withTransaction(pool, async (client) => {
      await client.query("select 1 from calls where id = any($1::text[]) order by id for update", [batch]);
      return deleteCallContentIn(client, batch, record);
    });
    for (const key of keys) await storage.remove(key).catch(() => {});
  }
  return ids;
}
