import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";

describe("configuration", () => {
  it("has defaults for everything but the database", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.WEBHOOK_MAX_BODY_BYTES).toBe(10 * 1024 * 1024);
    expect(env.CARTESIA_WEBHOOK_SECRETS).toEqual([]);
  });

  it("splits the webhook secrets", () => {
    expect(parseEnv({ CARTESIA_WEBHOOK_SECRETS: "a, b,,c" }).CARTESIA_WEBHOOK_SECRETS).toEqual(["a", "b", "c"]);
  });

  it("names the variable that is wrong", () => {
    expect(() => parseEnv({ PORT: "eighty" })).toThrow(/PORT/);
    expect(() => parseEnv({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL/);
  });

  it("splits the read replicas and refuses one that is no connection string", () => {
    expect(parseEnv({}).DATABASE_READ_URL).toEqual([]);
    expect(parseEnv({ DATABASE_READ_URL: "postgres://a:b@r1/db, postgresql://a:b@r2:5433/db" }).DATABASE_READ_URL).toEqual([
      "postgres://a:b@r1/db",
      "postgresql://a:b@r2:5433/db",
    ]);
    expect(() => parseEnv({ DATABASE_READ_URL: "postgres://a:b@r1/db,mysql://r2/db" })).toThrow(/DATABASE_READ_URL\.1: each must be a postgres:\/\//);
    expect(() => parseEnv({ DATABASE_READ_URL: "postgres://a:b@r1:port/db" })).toThrow(/DATABASE_READ_URL\.0: each must be a valid connection string/);
    expect(() => parseEnv({ DATABASE_READ_MAX_LAG_S: "0" })).toThrow(/DATABASE_READ_MAX_LAG_S/);
  });

  it("checks the privacy settings", () => {
    expect(() => parseEnv({ CALLSCOPE_REDACT: "card,passport" })).toThrow(/CALLSCOPE_REDACT: unknown kind passport/);
    expect(parseEnv({ CALLSCOPE_REDACT: "none" }).CALLSCOPE_REDACT).toBe("none");
    expect(() => parseEnv({ CALLSCOPE_REDACT_AUDIO: "delete" })).toThrow(/CALLSCOPE_REDACT_AUDIO/);
    expect(() => parseEnv({ CALLSCOPE_PHONE_REGION: "usa" })).toThrow(/CALLSCOPE_PHONE_REGION/);
    expect(() => parseEnv({ RETENTION_DAYS: "0" })).toThrow(/RETENTION_DAYS/);
    expect(parseEnv({}).AUDIT_RETENTION_DAYS).toBe(365);
  });
});
