// The API reference is generated from the OpenAPI document: every path must
// name its parameters, and every success answer that carries JSON must show a
// schema and an example. (openapi-coverage.test.ts holds it to the routes.)
import { describe, expect, it } from "vitest";
import { openApiDocument, openApiExamples } from "@/lib/api/openapi";
import { codeSpans, resolveRefs } from "@/lib/api/openapi-view";

describe("the OpenAPI document", () => {
  const doc = openApiDocument();
  const paths = doc.paths as Record<
    string,
    Record<
      string,
      { parameters?: { name: string; in: string }[]; responses: Record<string, { content?: Record<string, { schema?: unknown; example?: unknown }> }> }
    >
  >;

  it("is built once and shared, frozen, by every caller", () => {
    expect(openApiDocument()).toBe(doc);
    expect(Object.isFrozen(doc)).toBe(true);
    expect(Object.isFrozen(doc.paths)).toBe(true);
    expect(() => {
      (doc.info as { title: string }).title = "changed";
    }).toThrow(TypeError);
  });

  it("names every path parameter of every path", () => {
    for (const [route, methods] of Object.entries(paths)) {
      const names = [...route.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries(methods)) {
        const given = (op.parameters ?? []).filter((p) => p.in === "path").map((p) => p.name);
        expect(given.sort(), `${method} ${route}`).toEqual([...names].sort());
      }
    }
  });

  it("gives the read endpoints' JSON answers a schema and an example", () => {
    for (const route of ["/api/v1/calls", "/api/v1/calls/{callId}", "/api/v1/agents", "/api/v1/events", "/api/v1/sync/{syncId}"]) {
      const ok = paths[route].get.responses["200"].content!["application/json"];
      expect(ok.schema, route).toBeDefined();
      expect(ok.example, route).toBeDefined();
    }
  });

  it("resolves every reference it makes", () => {
    const resolved = JSON.stringify(resolveRefs(doc.paths, doc.components.schemas as Record<string, unknown>));
    expect(resolved).not.toContain('"$ref"');
    expect(resolved).not.toContain("undefined");
  });

  it("documents each filter of the calls list once", () => {
    const names = paths["/api/v1/calls"].get.parameters!.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of ["agent_id", "q", "end_reason", "min_duration", "max_duration", "phone", "has_error", "has_tool_calls", "cursor"])
      expect(names).toContain(name);
  });
});

describe("code spans in descriptions", () => {
  it("split at backticks and keep the rest as text", () => {
    expect(codeSpans("with `include=events` only")).toEqual([
      { code: false, text: "with " },
      { code: true, text: "include=events" },
      { code: false, text: " only" },
    ]);
    expect(codeSpans("a ` lone tick")).toEqual([{ code: false, text: "a ` lone tick" }]);
  });

  it("shows examples that match the answers' schemas", () => {
    for (const [schema, example] of openApiExamples()) expect(() => schema.parse(example)).not.toThrow();
  });
});
