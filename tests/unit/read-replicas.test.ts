import { describe, expect, it } from "vitest";
import { lagSeconds, replicaName } from "@/lib/db/read-replicas";
import { formatLsn, parseLsn } from "@/lib/db/wal-position";

describe("log positions", () => {
  it("compare as Postgres orders them, across the high word", () => {
    const a = parseLsn("0/FFFFFFFF")!;
    const b = parseLsn("1/0")!;
    expect(b > a).toBe(true);
    expect(b - a).toBe(1n);
    expect(formatLsn(parseLsn("16/B374D848")!)).toBe("16/B374D848");
    expect(parseLsn("16/b374d848")).toBe(parseLsn("16/B374D848"));
  });

  it("are null when the text is none", () => {
    expect(parseLsn(null)).toBeNull();
    expect(parseLsn("")).toBeNull();
    expect(parseLsn("0/3000148; drop table calls")).toBeNull();
  });
});

describe("a replica's lag", () => {
  const written = [
    { at: 10_000, lsn: 100n },
    { at: 11_000, lsn: 100n },
    { at: 12_000, lsn: 200n },
    { at: 13_000, lsn: 300n },
  ];

  it("is none when it has replayed what the primary had at the last check", () => {
    expect(lagSeconds(300n, written, 13_500)).toBe(0);
    expect(lagSeconds(400n, written, 13_500)).toBe(0);
  });

  it("runs from the newest check whose position it has replayed", () => {
    expect(lagSeconds(250n, written, 14_000)).toBe(2);
    // Replayed up to the last moment before the writes at 12 s: behind since then, however long the primary was idle before.
    expect(lagSeconds(100n, written, 14_000)).toBe(3);
  });

  it("is at least as old as the oldest check when it is behind all of them", () => {
    expect(lagSeconds(50n, written, 14_000)).toBe(4);
  });

  it("is none before the primary's position is known", () => {
    expect(lagSeconds(50n, [], 14_000)).toBe(0);
  });
});

describe("a replica's name in log lines", () => {
  it("leaves out the user and password", () => {
    expect(replicaName("postgresql://callscope:s3cret@10.0.0.5:5433/callscope")).toBe("10.0.0.5:5433/callscope");
    expect(replicaName("postgres://u:p@replica.internal/db")).toBe("replica.internal:5432/db");
  });
});
