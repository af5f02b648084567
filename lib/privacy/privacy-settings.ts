// The privacy policy in force: what is redacted before storage, whether a
// recording is kept when something was, and how long content and recordings
// are kept, globally and per agent. Admins set it in Settings → Privacy (the
// `privacy` row of settings); a variable of the environment, when set, wins
// over the page. Read through a short cache, so that every instance and the
// webhook's writer thread see a change within a few seconds.
import { z } from "zod";
import { storedSetting } from "@/lib/db/settings-table";
import { env } from "@/lib/env";
import { REDACTION_KINDS, parseKinds, type RedactionKind } from "@/lib/redaction-kinds";
import type { RedactionPolicy } from "./redact";

const days = z.number().int().min(1).max(36500).nullable();
const agentRetention = z.object({ retentionDays: days, recordingRetentionDays: days });

export const storedPrivacySchema = z.object({
  redact: z.array(z.enum(REDACTION_KINDS)).default(["card"]),
  redactAudio: z.enum(["keep", "drop"]).default("keep"),
  retentionDays: days.default(null),
  recordingRetentionDays: days.default(null),
  agents: z.record(z.string(), agentRetention).default({}),
});
export type StoredPrivacy = z.infer<typeof storedPrivacySchema>;
export type AgentRetention = z.infer<typeof agentRetention>;

/** Which of the policy's values the environment fixes. */
export type FixedByEnv = { redact: boolean; redactAudio: boolean; retentionDays: boolean; recordingRetentionDays: boolean };
export type Privacy = StoredPrivacy & { fixed: FixedByEnv; phoneRegion: string };

export const PRIVACY_KEY = "privacy";

/** The stored policy with the environment's values over it. */
export function withEnv(stored: StoredPrivacy): Privacy {
  const e = env();
  return {
    ...stored,
    redact: e.CALLSCOPE_REDACT !== undefined ? parseKinds(e.CALLSCOPE_REDACT) : stored.redact,
    redactAudio: e.CALLSCOPE_REDACT_AUDIO ?? stored.redactAudio,
    retentionDays: e.RETENTION_DAYS ?? stored.retentionDays,
    recordingRetentionDays: e.RECORDING_RETENTION_DAYS ?? stored.recordingRetentionDays,
    phoneRegion: e.CALLSCOPE_PHONE_REGION,
    fixed: {
      redact: e.CALLSCOPE_REDACT !== undefined,
      redactAudio: e.CALLSCOPE_REDACT_AUDIO !== undefined,
      retentionDays: e.RETENTION_DAYS !== undefined,
      recordingRetentionDays: e.RECORDING_RETENTION_DAYS !== undefined,
    },
  };
}

const setting = storedSetting({
  key: PRIVACY_KEY,
  schema: storedPrivacySchema,
  // Nothing stored yet: every default.
  fallback: () => storedPrivacySchema.parse({}),
  cache: "privacy-policy",
  inForce: withEnv,
});

/** The stored policy; every default when none is stored. */
export const readStoredPrivacy = setting.read;

/** The policy in force, at most a few seconds old. */
export const privacy = setting.current;

export const saveStoredPrivacy = setting.save;

export const redactionPolicy = (p: Privacy): RedactionPolicy => ({
  kinds: p.redact as RedactionKind[],
  phoneRegion: p.phoneRegion as RedactionPolicy["phoneRegion"],
});
