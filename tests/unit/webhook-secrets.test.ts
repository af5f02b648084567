import { describe, expect, it } from "vitest";
import { hashSecret, matchSecret } from "@/lib/ingest/cartesia-webhook/webhook-secrets";

const active = [
  { id: "a", hash: hashSecret("whsec_first") },
  { id: "b", hash: hashSecret("whsec_second") },
];

describe("webhook secret matching", () => {
  it("accepts any active secret, so secrets can be rotated", () => {
    expect(matchSecret("whsec_first", active)?.id).toBe("a");
    expect(matchSecret("whsec_second", active)?.id).toBe("b");
  });

  it.each([
    ["missing", null],
    ["empty", ""],
    ["a prefix", "whsec_firs"],
    ["longer", "whsec_first "],
    ["different case", "WHSEC_FIRST"],
    ["a look-alike", "whsec_fırst"],
    ["very long", "x".repeat(100_000)],
  ])("refuses a %s secret", (_, presented) => {
    expect(matchSecret(presented, active)).toBeNull();
  });
});
