import { describe, expect, it } from "vitest";
import { z } from "zod";
import { formFields } from "@/lib/http/form-fields";
import { privacyFromForm } from "@/lib/privacy/privacy-form";
import type { StoredPrivacy } from "@/lib/privacy/privacy-settings";

/** A posted form: each field once, or once for each value of a list, in the order given. */
const form = (fields: Record<string, string | string[]>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const value of [v].flat()) data.append(k, value);
  return data;
};

describe("a posted form read by its schema", () => {
  it("trims text, makes blank and missing fields undefined, and ignores fields not asked for", () => {
    const read = formFields(form({ name: "  support  ", note: "   ", extra: "x" }), {
      name: z.string(),
      note: z.string().optional(),
      other: z.string().optional(),
    });
    expect(read).toEqual({ ok: true, data: { name: "support", note: undefined, other: undefined } });
  });

  it("reads a checkbox as whether it was sent, and an array as every value sent", () => {
    const shape = { paused: z.boolean(), agent: z.array(z.string()).default([]), limit: z.coerce.number().optional() };
    expect(formFields(form({ paused: "on", agent: ["a", " ", "b"] }), shape)).toEqual({
      ok: true,
      data: { paused: true, agent: ["a", "b"], limit: undefined },
    });
    expect(formFields(form({}), shape)).toEqual({ ok: true, data: { paused: false, agent: [], limit: undefined } });
  });

  it("sees through wrappers to the kind of field, and takes a z.object as well as a shape", () => {
    const schema = z.object({
      on: z.boolean().default(false),
      ids: z
        .array(z.string())
        .optional()
        .transform((v) => v ?? []),
    });
    expect(formFields(form({ on: "on", ids: "x" }), schema)).toEqual({ ok: true, data: { on: true, ids: ["x"] } });
  });

  it("answers each field's first message, and the first of all in the shape's order", () => {
    const read = formFields(form({ b: "x" }), { a: z.string({ error: "a is needed" }), b: z.string().min(3, "b is short").email("b is no email") });
    expect(read).toEqual({ ok: false, errors: { a: "a is needed", b: "b is short" }, error: "a is needed" });
  });
});

describe("Settings → Privacy's form", () => {
  const current: StoredPrivacy = { redact: ["card"], redactAudio: "keep", retentionDays: 30, recordingRetentionDays: null, agents: {} };
  const shown = { redact_shown: "1", redact_audio: "drop", retention_days: "", recording_retention_days: " 7 " };

  it("reads the kinds checked, blank days as forever, and an agent's own periods", () => {
    const result = privacyFromForm(form({ ...shown, redact_email: "on", new_agent_id: "agent_a", "new_agent:retention_days": "3" }), current);
    expect(result).toEqual({
      ok: true,
      value: {
        redact: ["email"],
        redactAudio: "drop",
        retentionDays: null,
        recordingRetentionDays: 7,
        agents: { agent_a: { retentionDays: 3, recordingRetentionDays: null } },
      },
    });
  });

  it("keeps what the environment fixes, since the page does not send it", () => {
    expect(privacyFromForm(form({}), current)).toEqual({ ok: true, value: current });
  });

  it("names the first field that is not a number of days", () => {
    const result = privacyFromForm(form({ recording_retention_days: "1.5", agent_id: "agent_b", "agent:agent_b:retention_days": "0" }), current);
    expect(result).toEqual({ ok: false, error: "Recording retention must be a whole number of days from 1 to 36500, or empty to keep forever." });
    const agent = privacyFromForm(form({ ...shown, agent_id: "agent_b", "agent:agent_b:recording_retention_days": "x" }), current);
    expect(agent).toEqual({ ok: false, error: "Recording retention for agent_b must be a whole number of days from 1 to 36500, or empty to keep forever." });
  });

  it("removes an agent's own periods when both are emptied", () => {
    const withAgent = { ...current, agents: { agent_b: { retentionDays: 3, recordingRetentionDays: 4 } } };
    const result = privacyFromForm(
      form({ ...shown, agent_id: "agent_b", "agent:agent_b:retention_days": "", "agent:agent_b:recording_retention_days": "" }),
      withAgent,
    );
    expect(result.ok && result.value.agents).toEqual({});
  });
});
