// What the caller heard, end to end: a webhook and a recording upload through
// the real API, then the figures from GET /api/v1/calls/{id} against the
// intervals the test put in the audio.
import { describe, expect, it } from "vitest";
import { queueBackfill, runConversationJobs } from "@/lib/conversation/conversation-worker";
import { synthesizeWav } from "@/lib/demo/synthesize-wav";
import { query, testPool } from "../support/db";
import { api, fixture, newCallId, postWebhook } from "../support/http";

const TURNS = [
  { role: "user", text: "Are you open on Sundays?", start_timestamp: 0.5, end_timestamp: 2.0 },
  { role: "assistant", text: "Yes, from noon.", start_timestamp: 2.3, end_timestamp: 4.0, tts_ttfb: 0.21 },
  { role: "user", text: "And on holidays?", start_timestamp: 4.4, end_timestamp: 6.0 },
  { role: "assistant", text: "Closed on holidays.", start_timestamp: 6.2, end_timestamp: 8.0, tts_ttfb: 0.19 },
  { role: "user", text: "Thanks.", start_timestamp: 11.0, end_timestamp: 12.0 },
  { role: "assistant", text: "Goodbye!", start_timestamp: 12.4, end_timestamp: 13.5, tts_ttfb: 0.2 },
];
/** What is in the audio: the first answer was heard 900 ms later than its timestamp says. */
const HEARD = [
  { role: "user", startS: 0.5, endS: 2.0 },
  { role: "assistant", startS: 3.2, endS: 4.5 },
  { role: "user", startS: 4.7, endS: 6.0 },
  { role: "assistant", startS: 6.2, endS: 8.0 },
  { role: "user", startS: 11.0, endS: 12.0 },
  { role: "assistant", startS: 12.4, endS: 13.5 },
];

async function sendCall() {
  const id = newCallId("MZconv");
  const d = fixture("webhooks/call_completed.call-object.json");
  expect((await postWebhook({ ...d, request_id: id, call: { ...d.call, id, transcript: TURNS } })).status).toBe(200);
  return id;
}

async function conversationOf(id: string, source: "audio" | "timestamps") {
  for (let i = 0; i < 150; i++) {
    const call = (await api("GET", `/api/v1/calls/${id}`)).json;
    if (call.conversation?.source === source) return call.conversation;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no ${source} figures for ${id}`);
}

describe("what the caller heard", () => {
  it("is measured from the timestamps when the call finishes, then from the recording when it arrives", async () => {
    for (const channels of [1, 2] as const) {
      const id = await sendCall();
      const fromTimestamps = await conversationOf(id, "timestamps");
      // Only tts_ttfb is on these turns: the other stages are not measured (null), and the rest is unattributed.
      const onlyTts = (tts_ms: number, gap_ms: number) => ({
        stages: { endpointing_ms: null, stt_ms: null, llm_ms: null, tts_ms },
        unattributed_ms: gap_ms - tts_ms,
        measured_by: "timestamps",
      });
      expect(fromTimestamps.response_gaps).toEqual([
        { turn_index: 1, user_turn_index: 0, gap_ms: 300, heard_gap_ms: null, ...onlyTts(210, 300) },
        { turn_index: 3, user_turn_index: 2, gap_ms: 200, heard_gap_ms: null, ...onlyTts(190, 200) },
        { turn_index: 5, user_turn_index: 4, gap_ms: 400, heard_gap_ms: null, ...onlyTts(200, 400) },
      ]);
      expect(fromTimestamps.dead_air).toEqual([{ start: 8, end: 11 }]);
      expect(fromTimestamps.time_to_first_word_ms).toBe(2300);

      const wav = synthesizeWav(HEARD, 14, { sampleRate: 16000, channels });
      expect((await api("PUT", `/api/v1/calls/${id}/recording`, { body: new Uint8Array(wav), type: "audio/wav" })).status).toBe(201);
      const heard = await conversationOf(id, "audio");
      expect(heard.response_gaps.map((g: { gap_ms: number }) => g.gap_ms)).toEqual([300, 200, 400]);
      heard.response_gaps.forEach((g: { heard_gap_ms: number }, i: number) => expect(Math.abs(g.heard_gap_ms - [1200, 200, 400][i])).toBeLessThanOrEqual(50));
      // With the recording, the stages explain the heard wait: what they leave is measured against it.
      heard.response_gaps.forEach((g: { heard_gap_ms: number; unattributed_ms: number; measured_by: string; stages: { tts_ms: number } }) => {
        expect(g.measured_by).toBe("audio");
        expect(g.unattributed_ms).toBeCloseTo(g.heard_gap_ms - g.stages.tts_ms, 9);
      });
      expect(heard.dead_air).toHaveLength(1);
      expect(Math.abs(heard.dead_air[0].start - 8)).toBeLessThanOrEqual(0.05);
      expect(Math.abs(heard.dead_air[0].end - 11)).toBeLessThanOrEqual(0.05);
      expect(Math.abs(heard.time_to_first_word_ms - 3200)).toBeLessThanOrEqual(50);
      expect(heard).toMatchObject({ overlaps: [], interruptions: 0, longest_monologue_s: 1.8, audio_note: null });

      // The same in the JSON export, and the per-turn gaps are rows the latency page can rank.
      const exported = JSON.parse((await api("GET", `/api/v1/calls/${id}/transcript?format=json`)).buffer.toString("utf8"));
      expect(exported.conversation).toEqual(heard);
      expect(await query("select turn_index, gap_ms from response_gaps where call_id = $1 order by turn_index", [id])).toEqual([
        { turn_index: 1, gap_ms: 300 },
        { turn_index: 3, gap_ms: 200 },
        { turn_index: 5, gap_ms: 400 },
      ]);
    }
  });

  it("says why a recording that is not WAV was not read", async () => {
    const id = await sendCall();
    await conversationOf(id, "timestamps");
    expect((await api("PUT", `/api/v1/calls/${id}/recording`, { body: new Uint8Array([0xff, 0xfb, 0x90, 0x00, 1, 2, 3]), type: "audio/mpeg" })).status).toBe(
      201,
    );
    for (let i = 0; i < 100; i++) {
      const conversation = (await api("GET", `/api/v1/calls/${id}`)).json.conversation;
      if (conversation.audio_note) {
        expect(conversation).toMatchObject({ source: "timestamps", audio_note: expect.stringContaining("audio/mpeg") });
        return;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error("no note");
  });

  it("backfills calls stored before there was any analysis", async () => {
    const id = await sendCall();
    await conversationOf(id, "timestamps");
    await query("delete from call_conversations where call_id = $1", [id]);
    await query("delete from jobs where key = $1", [`conversation:${id}`]);
    expect((await api("GET", `/api/v1/calls/${id}`)).json.conversation).toBeNull();
    expect(await queueBackfill(testPool())).toBeGreaterThanOrEqual(1);
    await runConversationJobs(testPool());
    expect((await conversationOf(id, "timestamps")).response_gaps).toHaveLength(3);
  });
});
