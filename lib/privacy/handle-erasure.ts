// POST /api/v1/erasure - erase a person's data: {"phone": "+15551234567"} or
// {"email": "jo@example.com"}. Admins only; recorded in the audit log.
import "server-only";
import type { CountryCode } from "libphonenumber-js";
import { auditRequest } from "@/lib/audit/audit-request";
import { principalName } from "@/lib/auth/authenticate";
import { pool } from "@/lib/db/client";
import { env } from "@/lib/env";
import { authorized } from "@/lib/auth/authorized";
import { jsonError } from "@/lib/http/errors";
import { readJsonAs } from "@/lib/http/read-json";
import { recordingStorage } from "@/lib/recordings/recording-storage";
import { erasePerson, erasureSchema, phoneDigits } from "./erase-person";

export const eraseApi = authorized("admin", async ({ request, principal }) => {
  const parsed = await readJsonAs(request, erasureSchema, { limit: 4096, invalid: 'Send {"phone": "+15551234567"} or {"email": "jo@example.com"}.' });
  if (parsed instanceof Response) return parsed;
  const region = env().CALLSCOPE_PHONE_REGION as CountryCode;
  const person = parsed.data;
  if ("phone" in person && !phoneDigits(person.phone, region)) {
    return jsonError(422, "validation_failed", `Not a phone number: write it in international form (+15551234567) or as a national number of ${region}.`);
  }
  const ids = await erasePerson(pool(), recordingStorage(), person, principalName(principal), region);
  await auditRequest(
    { request, principal },
    { action: "person.erased", details: { by: "phone" in person ? "phone" : "email", calls: ids.length, call_ids: ids } },
  );
  return Response.json({ calls_affected: ids.length, call_ids: ids });
});
