import { describe, expect, it } from "vitest";
import { createGroupCommit } from "@/lib/ingest/group-commit";

describe("group commit", () => {
  it("writes items that arrive together in one batch and answers each with its own result", async () => {
    const batches: number[][] = [];
    const submit = createGroupCommit<number, number>({
      windowMs: 5,
      maxBatch: 100,
      commit: async (items) => {
        batches.push(items);
        return items.map((n) => n * 2);
      },
    });
    const results = await Promise.all([1, 2, 3].map(submit));
    expect(results).toEqual([2, 4, 6]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it("never exceeds the batch size and batches what arrives during a commit", async () => {
    const batches: number[][] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const submit = createGroupCommit<number, number>({
      windowMs: 1,
      maxBatch: 2,
      commit: async (items) => {
        batches.push(items);
        if (batches.length === 1) await gate;
        return items;
      },
    });
    const first = [submit(1), submit(2)];
    const later = [submit(3), submit(4), submit(5)];
    release();
    await Promise.all([...first, ...later]);
    expect(batches[0]).toEqual([1, 2]);
    expect(batches.flat()).toEqual([1, 2, 3, 4, 5]);
    expect(Math.max(...batches.map((b) => b.length))).toBe(2);
  });

  it("rejects every item of a failed batch", async () => {
    const submit = createGroupCommit<number, number>({
      windowMs: 1,
      maxBatch: 10,
      commit: async () => {
        throw new Error("down");
      },
    });
    const results = await Promise.allSettled([submit(1), submit(2)]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
  });
});
