// An export's filters as the audit log keeps them. The audit log outlives
// erasure and retention, and the text search (`q`) and the phone filter can
// name a person: the search is kept with every kind of personal data
// redacted, whatever the policy, and the phone filter only as "[phone]".
import type { CountryCode } from "libphonenumber-js";
import { mark, REDACTION_KINDS } from "./redact";
import { redactValueForStore } from "./redact-for-store";

export function auditedFilters(search: URLSearchParams, phoneRegion: CountryCode): Record<string, string> {
  const filters = Object.fromEntries(search);
  if (filters.q) filters.q = redactValueForStore({ kinds: REDACTION_KINDS, phoneRegion }, filters.q).value;
  if (filters.phone) filters.phone = mark("phone");
  return filters;
}
