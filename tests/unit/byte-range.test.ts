import { describe, expect, it } from "vitest";
import { parseRange } from "@/lib/recordings/byte-range";

describe("byte ranges", () => {
  it.each([
    ["bytes=0-99", { start: 0, end: 99 }],
    ["bytes=100-", { start: 100, end: 999 }],
    ["bytes=-100", { start: 900, end: 999 }],
    ["bytes=900-5000", { start: 900, end: 999 }],
    ["bytes=-5000", { start: 0, end: 999 }],
  ])("%s of 1000 bytes", (header, expected) => {
    expect(parseRange(header, 1000)).toEqual(expected);
  });

  it.each(["bytes=1000-", "bytes=5-2", "bytes=-0", "items=0-1", "bytes=-", "bytes=0-1,5-6"])("%s is unsatisfiable", (header) => {
    expect(parseRange(header, 1000)).toBe("unsatisfiable");
  });

  it("means the whole file without a header", () => {
    expect(parseRange(null, 1000)).toBeNull();
  });
});
