// Settings → Privacy's form as the stored policy: pure, so it is tested
// without a server. Empty day fields mean "keep forever"; values the
// environment fixes are kept as stored, since the page cannot change them.
import { z } from "zod";
import { formFields } from "@/lib/http/form-fields";
import { REDACTION_KINDS } from "@/lib/redaction-kinds";
import { type StoredPrivacy, storedPrivacySchema } from "./privacy-settings";

export type PrivacyFormResult = { ok: true; value: StoredPrivacy } | { ok: false; error: string };

/** A number of days, or null when blank (forever, or the global period for an agent). */
const days = (label: string) =>
  z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined) return null;
      const n = Number(raw);
      if (Number.isInteger(n) && n >= 1 && n <= 36500) return n;
      ctx.addIssue({ code: "custom", message: `${label} must be a whole number of days from 1 to 36500, or empty to keep forever.` });
      return z.NEVER;
    });

export function privacyFromForm(form: FormData, current: StoredPrivacy): PrivacyFormResult {
  const listed = formFields(form, { agent_id: z.array(z.string()), new_agent_id: z.string().optional() });
  if (!listed.ok) return { ok: false, error: listed.error };
  // The agents that have periods of their own, then the row that adds one (it wins for its agent).
  const rows: [string, string][] = listed.data.agent_id.map((id) => [id, `agent:${id}`]);
  if (listed.data.new_agent_id) rows.push([listed.data.new_agent_id, "new_agent"]);
  // In the order the page shows the fields, so the first error named is the first field wrong.
  const shape = {
    retention_days: days("Retention"),
    recording_retention_days: days("Recording retention"),
    redact_audio: z.string().optional(),
    ...Object.fromEntries(REDACTION_KINDS.map((k) => [`redact_${k}`, z.boolean()])),
    ...Object.fromEntries(
      rows.flatMap(([id, prefix]) => [
        [`${prefix}:retention_days`, days(`Retention for ${id}`)],
        [`${prefix}:recording_retention_days`, days(`Recording retention for ${id}`)],
      ]),
    ),
  } as Record<string, z.ZodType>;
  const read = formFields(form, shape);
  if (!read.ok) return { ok: false, error: read.error };
  const fields = read.data as Record<string, unknown>;
  const agents: StoredPrivacy["agents"] = {};
  for (const [id, prefix] of rows) {
    const own = fields[`${prefix}:retention_days`] as number | null;
    const ownRecordings = fields[`${prefix}:recording_retention_days`] as number | null;
    if (own !== null || ownRecordings !== null) agents[id] = { retentionDays: own, recordingRetentionDays: ownRecordings };
    else delete agents[id];
  }
  const parsed = storedPrivacySchema.safeParse({
    redact: REDACTION_KINDS.filter((k) => fields[`redact_${k}`] === true),
    redactAudio: fields.redact_audio === "drop" ? "drop" : "keep",
    retentionDays: fields.retention_days,
    recordingRetentionDays: fields.recording_retention_days,
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
