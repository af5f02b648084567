import { describe, expect, it } from "vitest";
import { visibleId } from "@/components/ui/visible-id";

describe("visibleId", () => {
  it("keeps an id that has something to see, and escapes one that has nothing", () => {
    for (const id of ["agent_demo", " agent ", "agent\u000b1", "é", "日本"]) expect(visibleId(id)).toBe(id);
    expect(visibleId("\u000b")).toBe('"\\u000b"');
    expect(visibleId("  ")).toBe('"  "');
    expect(visibleId("\u200b\u202e")).toBe('"\u200b\u202e"');
    expect(visibleId("")).toBe('""');
  });
});
