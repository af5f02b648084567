import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

// The import rules of eslint.config.mjs, tried on code that breaks them: a
// base folder importing a domain, lib/ reaching into app/. (The cycle rule reads
// files from disk, and these probes exist only in memory.)
const eslint = new ESLint({ cwd: process.cwd(), overrideConfig: { rules: { "import/no-cycle": "off" } } });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe("the base folders import no domain", () => {
  for (const base of ["lib/http/probe.ts", "lib/db/probe.ts", "lib/cartesia/probe.ts", "lib/logs/probe.ts"]) {
    it(`${base} may not import lib/calls`, async () => {
      const found = await problems(base, 'import { listCalls } from "@/lib/calls/list-calls";\nexport const x = listCalls;\n');
      expect(found.some((p) => p.startsWith("import/no-restricted-paths"))).toBe(true);
    });
  }

  it("lib/env.ts may not import a domain, relative or not", async () => {
    const found = await problems("lib/env.ts", 'import { redact } from "./privacy/redact";\nexport const x = redact;\n');
    expect(found.some((p) => p.startsWith("import/no-restricted-paths"))).toBe(true);
  });

  it("lib/api's OpenAPI parts may not import a domain; the document's assembly may", async () => {
    const code = 'import { callFiltersSchema } from "@/lib/calls/call-filters";\nexport const x = callFiltersSchema;\n';
    expect((await problems("lib/api/openapi-parts.ts", code)).some((p) => p.startsWith("import/no-restricted-paths"))).toBe(true);
    expect((await problems("lib/api/openapi.ts", code)).filter((p) => p.startsWith("import/no-restricted-paths"))).toEqual([]);
  });

  it("a base folder may import another base folder and the shared vocabularies", async () => {
    const found = await problems(
      "lib/http/probe.ts",
      'import { pool } from "@/lib/db/client";\nimport { parseKinds } from "@/lib/redaction-kinds";\nexport const x = [pool, parseKinds];\n',
    );
    expect(found.filter((p) => p.startsWith("import/no-restricted-paths"))).toEqual([]);
  });

  it("a domain may import a base folder", async () => {
    const found = await problems("lib/calls/probe.ts", 'import { jsonError } from "@/lib/http/errors";\nexport const x = jsonError;\n');
    expect(found.filter((p) => p.startsWith("import/no-restricted-paths"))).toEqual([]);
  });

  it("nothing outside app/ imports from app/", async () => {
    const found = await problems("lib/calls/probe.ts", 'import Page from "@/app/(console)/calls/page";\nexport const x = Page;\n');
    expect(found.some((p) => p.startsWith("no-restricted-imports"))).toBe(true);
  });
});

describe("pages and routes read through the domains", () => {
  it("no file under app/ queries the database itself", async () => {
    const { readdirSync, readFileSync } = await import("node:fs");
    const files = readdirSync("app", { recursive: true, encoding: "utf8" }).filter((f) => /\.tsx?$/.test(f));
    expect(files.length).toBeGreaterThan(50);
    // SQL through pg, or a Prisma model call on db(): both belong in a lib/<domain>/get-*.ts read model or a handler.
    const direct = /\.query\s*[<(]|\bdb\(\)\.[a-zA-Z]+\.(find|count|aggregate|groupBy|create|update|delete|upsert)|\$queryRaw|\$executeRaw/;
    expect(files.filter((f) => direct.test(readFileSync(`app/${f}`, "utf8")))).toEqual([]);
  });
});
