// Settings → Privacy's form as the stored policy: pure, so it is tested
// without a server. Empty day fields mean "keep forever"; values the
// environment fixes are kept as stored, since the page cannot change them.
import { REDACTION_KINDS } from "@/lib/redaction-kinds";
import { type StoredPrivacy, storedPrivacySchema } from "./privacy-settings";

export type PrivacyFormResult = { ok: true; value: StoredPrivacy } | { ok: false; error: string };

function days(form: FormData, name: string, label: string): number | null | string {
  const raw = String(form.get(name) ?? "").trim();
  if (!raw) return null;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 36500) return `${label} must be a whole number of days from 1 to 36500, or empty to keep forever.`;
  return n;
}

export function privacyFromForm(form: FormData, current: StoredPrivacy): PrivacyFormResult {
  const retention = days(form, "retention_days", "Retention");
  if (typeof retention === "string") return { ok: false, error: retention };
  const recordings = days(form, "recording_retention_days", "Recording retention");
  if (typeof recordings === "string") return { ok: false, error: recordings };
  const agents: StoredPrivacy["agents"] = {};
  // The agents that have periods of their own, then the row that adds one (it wins for its agent).
  const rows: [string, string][] = form.getAll("agent_id").map((id) => [String(id), `agent:${String(id)}`]);
  const added = String(form.get("new_agent_id") ?? "");
  if (added) rows.push([added, "new_agent"]);
  for (const [id, prefix] of rows) {
    const own = days(form, `${prefix}:retention_days`, `Retention for ${id}`);
    if (typeof own === "string") return { ok: false, error: own };
    const ownRecordings = days(form, `${prefix}:recording_retention_days`, `Recording retention for ${id}`);
    if (typeof ownRecordings === "string") return { ok: false, error: ownRecordings };
    if (own !== null || ownRecordings !== null) agents[id] = { retentionDays: own, recordingRetentionDays: ownRecordings };
    else delete agents[id];
  }
  const parsed = storedPrivacySchema.safeParse({
    redact: REDACTION_KINDS.filter((k) => form.get(`redact_${k}`) === "on"),
    redactAudio: form.get("redact_audio") === "drop" ? "drop" : "keep",
    retentionDays: retention,
    recordingRetentionDays: recordings,
    agents,
  });
  if (!parsed.success) return { ok: false, error: "The settings are not valid." };
  const value = parsed.data;
  // A field the page showed disabled (fixed by the environment) is not sent: keep what was stored.
  if (!form.has("redact_shown")) value.redact = current.redact;
  if (!form.has("redact_audio")) value.redactAudio = current.redactAudio;
  if (!form.has("retention_days")) value.retentionDays = current.retentionDays;
  if (!form.has("recording_retention_days")) value.recordingRetentionDays = current.recordingRetentionDays;
  return { ok: true, value };
}
