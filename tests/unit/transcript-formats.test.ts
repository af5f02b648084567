import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import type { TurnView } from "@/lib/calls/get-call";
import { clock, csvField, toCsv, toSrt, toTxt, toVtt } from "@/lib/export/transcript-formats";
import { eventView, turnView } from "../support/call-views";

// An independent parser written to the W3C WebVTT specification, with the full set of character references.
const require = createRequire(import.meta.url);
const { WebVTTParser } = require("webvtt-parser") as {
  WebVTTParser: new (entities?: unknown) => { parse(text: string, mode: string): { errors: unknown[]; cues: { tree: VttNode }[] } };
};
type VttNode = { type?: string; name?: string; value?: string; children?: VttNode[] };
const vttParser = new WebVTTParser(require("webvtt-parser/html-entities.json"));
/** The text of a parsed cue, and the voice it is spoken in. */
function cueText(node: VttNode): string {
  return node.type === "text" ? (node.value ?? "") : (node.children ?? []).map(cueText).join("");
}

const turn = (startS: number, endS: number | null, text: string, role = "assistant", ttsTtfb: number | null = 0.25) =>
  turnView({ id: String(startS), role, text, startS, endS, ttsTtfb });
const metric = eventView({ id: "1", kind: "log_metric", name: "lookup_ms", value: 412, atS: 2.5 });

const tricky = [
  turn(0.5, 2.25, 'Hello, "friend" — comma, quote and\nnewline'),
  turn(3, 4.5, "Ünïcödé 日本語 👍🏽", "user", null),
  turn(3725.5, null, "an hour in, no end time"),
];

const VTT_TIME = /^\d{2}:\d{2}:\d{2}\.\d{3}$/;
const SRT_TIME = /^\d{2}:\d{2}:\d{2},\d{3}$/;

describe("transcript formats", () => {
  it("writes clock times for WebVTT and SRT", () => {
    expect(clock(3725.5, ".")).toBe("01:02:05.500");
    expect(clock(0.0004, ",")).toBe("00:00:00,000");
    expect(clock(59.9996, ".")).toBe("00:01:00.000");
  });

  it("quotes CSV so that a CSV parser reads every field back", () => {
    const csv = toCsv("MZ1", tricky, [metric]);
    const rows = parse(csv, { columns: true, bom: false }) as Record<string, string>[];
    expect(rows.map((r) => r.kind)).toEqual(["turn", "log_metric", "turn", "turn"]);
    expect(rows[0].text).toBe(tricky[0].text);
    expect(rows[2].text).toBe(tricky[1].text);
    expect(rows[1]).toMatchObject({ name: "lookup_ms", value: "412", start_s: "2.5" });
    expect(rows[0].tts_ttfb).toBe("0.25");
  });

  it("neutralises cells a spreadsheet would run as formulas, and leaves numbers alone", () => {
    const formulas = ['=HYPERLINK("http://evil.example")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"];
    const rows = parse(
      toCsv(
        "MZ",
        formulas.map((t, i) => turn(i, i + 0.5, t)),
        null,
      ),
      { columns: true },
    ) as Record<string, string>[];
    expect(rows.map((r) => r.text)).toEqual(formulas.map((t) => `'${t}`));
    expect(csvField(-0.25)).toBe("-0.25");
    expect(csvField("plain = text")).toBe("plain = text");
  });

  it("reads back any text through CSV (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "grapheme", maxLength: 40 }), { minLength: 1, maxLength: 6 }), (texts) => {
        const turns = texts.map((t, i) => turn(i, i + 0.5, t));
        const rows = parse(toCsv("MZ", turns, null), { columns: true }) as Record<string, string>[];
        // Text a spreadsheet would run as a formula comes back behind an apostrophe.
        expect(rows.map((r) => r.text)).toEqual(texts.map((t) => (/^[=+\-@\t\r]/.test(t) ? `'${t}` : t)));
      }),
      { numRuns: 200 },
    );
  });

  it("writes valid WebVTT: header, numbered cues in order, end after start", () => {
    const vtt = toVtt({ id: "MZ1" }, tricky);
    const [header, ...cues] = vtt.trimEnd().split("\n\n");
    expect(header).toBe("WEBVTT - MZ1");
    const seconds = (t: string) =>
      t
        .split(/[:.]/)
        .map(Number)
        .reduce((acc, v, i) => (i < 3 ? acc * 60 + v : acc + v / 1000), 0);
    let previous = -1;
    cues.forEach((cue, i) => {
      const [number, timing, ...text] = cue.split("\n");
      expect(number).toBe(String(i + 1));
      const [start, arrow, end] = timing.split(" ");
      expect(arrow).toBe("-->");
      expect(start).toMatch(VTT_TIME);
      expect(end).toMatch(VTT_TIME);
      expect(seconds(end)).toBeGreaterThan(seconds(start));
      expect(seconds(start)).toBeGreaterThanOrEqual(previous);
      expect(text).toHaveLength(1);
      expect(text[0].includes("-->")).toBe(false);
      previous = seconds(start);
    });
    expect(cues[0]).toContain("<v Agent>Hello");
    expect(cues[2]).toContain("01:02:05.500 --> 01:02:10.500");
  });

  it("writes WebVTT that a strict parser reads back to the exact text, whatever it holds (property)", () => {
    const awkward = fc.oneof(
      fc.constantFrom("Is 5 < 7 & 7 > 5?", "a --> b", "<b>not bold</b>", "&amp; already escaped", "<v Mallory>hijack", "--> -->", "&", "&lt;", "a\u00a0b"),
      fc.string({ unit: "grapheme", maxLength: 40 }),
    );
    fc.assert(
      fc.property(fc.array(awkward, { minLength: 1, maxLength: 5 }), (texts) => {
        const turns = texts.map((t, i) => turn(i * 2, i * 2 + 1, t));
        const parsed = vttParser.parse(toVtt({ id: "MZ1" }, turns), "metadata");
        expect(parsed.errors).toEqual([]);
        expect(parsed.cues.map((c) => cueText(c.tree))).toEqual(texts.map((t) => t.replace(/\r?\n+/g, " ").trim()));
        expect(parsed.cues.map((c) => c.tree.children?.[0]?.name)).toEqual(texts.map(() => "v"));
      }),
      { numRuns: 300 },
    );
  });

  it("lists tool calls in CSV and plain text, and a call with nothing to list as one CSV row", () => {
    const withTool: TurnView = {
      ...turn(1, 2, "Let me check."),
      toolCalls: [{ toolCallId: "tc_1", name: "opening_hours", arguments: { day: "sunday" }, result: "10-22" }],
    };
    const rows = parse(toCsv("MZ1", [withTool], null), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.kind, r.name])).toEqual([
      ["turn", ""],
      ["tool_call", "opening_hours"],
    ]);
    expect(JSON.parse(rows[1].value)).toEqual({ id: "tc_1", arguments: { day: "sunday" }, result: "10-22" });
    expect(toTxt({ id: "MZ1", agentId: null, startTime: null }, [withTool], null)).toContain('[00:02.000] (tool_call) opening_hours({"day":"sunday"}) → 10-22');
    const empty = parse(toCsv("MZ2", [], null), { columns: true }) as Record<string, string>[];
    expect(empty).toEqual([expect.objectContaining({ call_id: "MZ2", kind: "call", text: "" })]);
  });

  it("writes valid SRT: numbered cues, comma milliseconds, one text line each", () => {
    const srt = toSrt(tricky);
    const cues = srt.trimEnd().split("\n\n");
    expect(cues).toHaveLength(3);
    cues.forEach((cue, i) => {
      const [number, timing, text, extra] = cue.split("\n");
      expect(number).toBe(String(i + 1));
      const [start, , end] = timing.split(" ");
      expect(start).toMatch(SRT_TIME);
      expect(end).toMatch(SRT_TIME);
      expect(text.length).toBeGreaterThan(0);
      expect(extra).toBeUndefined();
    });
    expect(cues[1]).toContain("User: Ünïcödé 日本語 👍🏽");
  });

  it("writes plain text with times, speakers and, when asked, events", () => {
    const txt = toTxt({ id: "MZ1", agentId: "agent_demo", startTime: null }, tricky, [metric]);
    expect(txt.split("\n")).toEqual([
      "Call MZ1 · agent agent_demo",
      "",
      '[00:00.500] Agent: Hello, "friend" — comma, quote and newline',
      "[00:02.500] (log_metric) lookup_ms = 412",
      "[00:03.000] User: Ünïcödé 日本語 👍🏽",
      "[02:05.500] Agent: an hour in, no end time",
      "",
    ]);
  });
});
