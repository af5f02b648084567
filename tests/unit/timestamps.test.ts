import { describe, expect, it } from "vitest";
import { parseRfc3339 } from "@/lib/cartesia/timestamps";

describe("RFC 3339 times", () => {
  it("keeps nanoseconds for ordering", () => {
    const a = parseRfc3339("2025-06-24T23:36:40.360473878Z")!;
    const b = parseRfc3339("2025-06-24T23:36:40.360473879Z")!;
    expect(b.ns - a.ns).toBe(1n);
    expect(a.date.toISOString()).toBe("2025-06-24T23:36:40.360Z");
  });

  it("reads offsets and short fractions", () => {
    expect(parseRfc3339("2025-06-25T08:12:03.5Z")!.ns).toBe(BigInt(Date.parse("2025-06-25T08:12:03Z")) * 1_000_000n + 500_000_000n);
    expect(parseRfc3339("2025-06-25T10:12:03+02:00")!.date.toISOString()).toBe("2025-06-25T08:12:03.000Z");
  });

  it("refuses what is not RFC 3339", () => {
    expect(parseRfc3339("yesterday")).toBeNull();
    expect(parseRfc3339("2025-06-25T08:12:03")).toBeNull();
    expect(parseRfc3339("2025-13-45T08:12:03Z")).toBeNull();
  });
});
