import { describe, expect, it } from "vitest";
import { splitSqlScript } from "@/lib/db/migrate";

describe("splitting migration scripts", () => {
  it("splits at semicolons but not inside function bodies, strings or comments", () => {
    const script = `-- a comment; not a statement
CREATE TABLE "a" ("x" TEXT DEFAULT 'it''s; fine');
CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO a (x) VALUES ('y');
  RETURN NULL;
END $$;
CREATE FUNCTION g() RETURNS int LANGUAGE sql AS $body$ select 1; $body$;
-- trailing comment`;
    const statements = splitSqlScript(script);
    expect(statements).toHaveLength(3);
    expect(statements[0]).toMatch(/^-- a comment; not a statement\nCREATE TABLE "a" \("x" TEXT DEFAULT 'it''s; fine'\)$/);
    expect(statements[1]).toMatch(/^CREATE FUNCTION f\(\)[\s\S]*RETURN NULL;\nEND \$\$$/);
    expect(statements[2]).toBe("CREATE FUNCTION g() RETURNS int LANGUAGE sql AS $body$ select 1; $body$");
  });
});
