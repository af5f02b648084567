import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

// Data flows one way: ingest → store → read models → pages, API, CLI. The
// import rules below keep that graph honest: no cycles anywhere, and nothing
// outside app/ reaches into app/ (pages and routes are the last stop), and the
// base folders (lib/http, lib/db, lib/cartesia, lib/logs, lib/env.ts) import no domain.
export default defineConfig([
  ...nextVitals,
  ...nextTypescript,
  globalIgnores([
    ".next/**",
    "node_modules/**",
    "lib/db/generated/**",
    "next-env.d.ts",
    "test-results/**",
    "test-reports/**",
    "playwright-report/**",
    ".data/**",
    ".probe/**",
  ]),
  {
    settings: {
      "import/resolver": { typescript: { project: "./tsconfig.json" }, node: true },
    },
    rules: {
      "import/no-cycle": ["error", { ignoreExternal: true }],
      // The base folders serve every domain and know none of them.
      "import/no-restricted-paths": [
        "error",
        {
          zones: ["./lib/http", "./lib/db", "./lib/cartesia", "./lib/logs", "./lib/env.ts"].map((target) => ({
            target,
            from: "./lib",
            except: [
              "./http",
              "./db",
              "./cartesia",
              "./logs",
              "./env.ts",
              "./format.ts",
              "./process-singleton.ts",
              "./redaction-kinds.ts",
              "./stage-metrics.ts",
            ],
            message: "A base folder imports no domain: move the shared part down to it, or the code up to the domain.",
          })),
        },
      ],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
    },
  },
  {
    // Every domain builds its piece of the OpenAPI document with lib/api's parts; only lib/api/openapi.ts assembles the domains.
    files: ["lib/api/openapi-parts.ts", "lib/api/openapi-view.ts"],
    rules: {
      "import/no-restricted-paths": [
        "error",
        {
          zones: [
            {
              target: "./lib/api",
              from: "./lib",
              except: ["./api"],
              message: "lib/api's OpenAPI parts know no domain: what is about a domain goes in its own *-openapi.ts.",
            },
          ],
        },
      ],
    },
  },
  {
    // Tests, benchmarks and scripts read JSON answers whose shape they assert on.
    files: ["tests/**", "bench/**", "scripts/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    files: ["lib/**", "components/**", "cli/**", "scripts/**", "bench/**", "tests/**", "bin/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(@/app(/|$)|(\\.\\./)+app(/|$))",
              message: "Only app/ imports from app/: move the shared code to lib/ or components/.",
            },
          ],
        },
      ],
    },
  },
]);
