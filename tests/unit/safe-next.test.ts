// Where sign-in sends the browser afterwards: a path on this site, whatever
// form a hostile `next` takes. Each result is also resolved the way a browser
// would resolve a Location header, against a page of this site.
import { describe, expect, it } from "vitest";
import { safeNextPath } from "@/lib/auth/safe-next";

const SITE = "https://callscope.example";

const HOSTILE = [
  "//evil.example",
  "//evil.example/x",
  "/.//evil.example",
  "/..//evil.example",
  "/%2e%2e//evil.example",
  "/%2E%2E//evil.example",
  "/%2e//evil.example",
  "/.%2e//evil.example",
  "/a/..//evil.example",
  "/a/b/../..//evil.example/x?y=1",
  "/./\\evil.example",
  "/.\\/evil.example",
  "/\\evil.example",
  "\\\\evil.example",
  "/\\/evil.example",
  "/..\\\\evil.example",
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r\n/evil.example",
  "/ /evil.example",
  "/\u0000/evil.example",
  "https://evil.example",
  "https://evil.example/",
  "http:evil.example",
  "https:/evil.example",
  "javascript:alert(1)",
  "data:text/html,hi",
  "evil.example",
  "///evil.example",
  "/\t\t/evil.example",
];

/** Where the browser ends up for a Location of `path`, from a page of the site. */
const landing = (path: string) => new URL(path, `${SITE}/sign-in?next=x`);

describe("safeNextPath", () => {
  it.each(HOSTILE)("keeps %j on the site", (next) => {
    const path = safeNextPath(next);
    expect(path.startsWith("/")).toBe(true);
    expect(path.startsWith("//")).toBe(false);
    expect(path.startsWith("/\\")).toBe(false);
    expect(landing(path).origin).toBe(SITE);
    // The answer is itself safe: sending it through again gives the same path.
    expect(safeNextPath(path)).toBe(path);
  });

  it("sends the dot-segment forms home rather than to //evil.example", () => {
    for (const next of ["/.//evil.example", "/..//evil.example", "/%2e%2e//evil.example", "/./\\evil.example"]) expect(safeNextPath(next)).toBe("/");
  });

  it("leaves encoded slashes encoded, so they stay one path segment", () => {
    expect(safeNextPath("/%2f%2fevil.example")).toBe("/%2f%2fevil.example");
    expect(safeNextPath("/%5c%5cevil.example")).toBe("/%5c%5cevil.example");
    expect(landing(safeNextPath("/%2f%2fevil.example")).origin).toBe(SITE);
  });

  it("keeps ordinary paths with their query and fragment", () => {
    expect(safeNextPath("/calls?status=failed#top")).toBe("/calls?status=failed#top");
    expect(safeNextPath("/calls/../agents")).toBe("/agents");
    expect(safeNextPath(["/latency", "/other"])).toBe("/latency");
    expect(safeNextPath("/%E3%80%82evil.example")).toBe("/%E3%80%82evil.example");
  });

  it("answers / for nothing at all", () => {
    for (const next of [undefined, null, "", [], "/".repeat(3000)]) expect(safeNextPath(next as string)).toBe("/");
  });
});
