// The telemetry body readers and limits, on bodies cut into chunks at every
// awkward place: items are the same however the bytes arrive, the reader
// stops at the item limit, and long strings are cut at a character boundary.
import { describe, expect, it } from "vitest";
import { type Candidate, InvalidJsonError, jsonItems, ndjsonItems, textItems } from "@/lib/ingest/telemetry/read-items";
import { capStrings, cutString, Problems, TooManyItemsError } from "@/lib/ingest/telemetry/telemetry-limits";

/** The body as chunks of `size` bytes, so that lines, strings and characters are split between chunks. */
async function* chunked(text: string, size: number): AsyncGenerator<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function all(items: AsyncIterable<Candidate>) {
  const out: Candidate[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe("telemetry readers", () => {
  const ndjson = '{"type":"log","message":"añ€𝄞"}\r\n\nnot json\n{"type":"log_metric","name":"n","value":1}';

  it.each([1, 2, 3, 7, 1000])("read NDJSON the same in chunks of %i bytes, a bad line failing alone", async (size) => {
    expect(await all(ndjsonItems(chunked(ndjson, size), 100))).toEqual([
      { index: 0, value: { type: "log", message: "añ€𝄞" } },
      { index: 2, parseError: "this line is not valid JSON" },
      { index: 3, value: { type: "log_metric", name: "n", value: 1 } },
    ]);
  });

  it.each([1, 5, 1000])("read text lines in chunks of %i bytes, blank lines skipped", async (size) => {
    expect(await all(textItems(chunked("first\r\n\n  \nsecond ü\nthird", size), 100))).toEqual([
      { index: 0, value: "first" },
      { index: 1, value: "second ü" },
      { index: 2, value: "third" },
    ]);
  });

  it.each([1, 4, 1000])("give a JSON array's elements one by one in chunks of %i bytes", async (size) => {
    const items = await all(jsonItems(chunked(' [1, "two", {"a": [3]}, null] \n', size), 100));
    expect(items).toEqual([
      { index: 0, value: 1 },
      { index: 1, value: "two" },
      { index: 2, value: { a: [3] } },
      { index: 3, value: null },
    ]);
  });

  it("read one object as one item, and Cartesia's { call_id, logs } as its lines", async () => {
    expect(await all(jsonItems(chunked('{"type":"log","message":"m"}', 3), 100))).toEqual([{ index: 0, value: { type: "log", message: "m" } }]);
    const logs = { logsKey: "logs", fields: ["message", "level"] };
    expect(await all(jsonItems(chunked('{"call_id":"c","logs":["a",{"message":"b"}]}', 5), 100, logs))).toEqual([
      { index: 0, value: "a" },
      { index: 1, value: { message: "b" } },
    ]);
    expect(await all(jsonItems(chunked('{"message":"m","level":"info","other":{"x":1}}', 5), 100, logs))).toEqual([
      { index: 0, value: { message: "m", level: "info" } },
    ]);
  });

  it("refuse a body that is not one JSON value", async () => {
    for (const body of ["", "[1,2", "[1] [2]", "{nope}"]) await expect(all(jsonItems(chunked(body, 2), 100))).rejects.toThrow(InvalidJsonError);
  });

  it("stop reading at the item limit, whatever the shape", async () => {
    const many = (n: number) => Array.from({ length: n }, () => "1");
    await expect(all(jsonItems(chunked(`[${many(11).join(",")}]`, 4), 10))).rejects.toThrow(TooManyItemsError);
    await expect(all(ndjsonItems(chunked(many(11).join("\n"), 4), 10))).rejects.toThrow(TooManyItemsError);
    await expect(all(textItems(chunked(many(11).join("\n"), 4), 10))).rejects.toThrow(TooManyItemsError);
    expect(await all(textItems(chunked(many(10).join("\n"), 4), 10))).toHaveLength(10);
  });

  it("stop before reading the rest of a body past the item limit", async () => {
    let chunks = 0;
    async function* endless() {
      for (;;) {
        chunks++;
        yield new TextEncoder().encode("x\n".repeat(100));
      }
    }
    await expect(all(textItems(endless(), 1000))).rejects.toThrow(TooManyItemsError);
    expect(chunks).toBe(11);
  });
});

describe("telemetry limits", () => {
  it("cut a string past the limit at a character boundary and say how many bytes were cut", () => {
    expect(cutString("short", 10)).toBe("short");
    expect(cutString("x".repeat(300), 256)).toBe(`${"x".repeat(256)}…[truncated 44 bytes]`);
    // "€" is 3 bytes: 86 of them are 258 bytes; 85 fit in 256 and 3 bytes are cut.
    expect(cutString("€".repeat(86), 256)).toBe(`${"€".repeat(85)}…[truncated 3 bytes]`);
  });

  it("cut every long string and key in a JSON value, counting them", () => {
    const stats = { truncated: 0, size: 0 };
    const long = "y".repeat(300);
    expect(capStrings({ a: [long, 1, { [long]: long }], b: "ok" }, 256, stats)).toEqual({
      a: [cutString(long, 256), 1, { [cutString(long, 256)]: cutString(long, 256) }],
      b: "ok",
    });
    expect(stats.truncated).toBe(3);
  });

  it("list the first 20 problems and count them all", () => {
    const problems = new Problems();
    for (let i = 0; i < 5000; i++) problems.add(i, [{ path: "(root)", message: "bad" }]);
    const json = problems.json();
    expect(json.failed).toHaveLength(20);
    expect(json.failed[19].index).toBe(19);
    expect(json.failed_count).toBe(5000);
  });
});
