// The README and docs/ link to each other and to bench/README.md: every
// relative link must name a file that exists, and every #anchor a heading of
// its target as GitHub makes anchors (the console's Docs pages give headings
// the same ids). The README stays a front door; the console shows the same
// topics as docs/ holds, and its link rewriting keeps every link between
// docs inside the console.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { docOutline } from "@/lib/docs/doc-outline";
import { consoleDocHref, DOC_TOPICS, isDocTopic } from "@/lib/docs/doc-topics";

const ROOT = path.resolve(import.meta.dirname, "../..");
const DOCS = readdirSync(path.join(ROOT, "docs"))
  .filter((f) => f.endsWith(".md"))
  .map((f) => `docs/${f}`);
const FILES = ["README.md", "bench/README.md", ...DOCS];
const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");
const outlines = new Map(FILES.map((file) => [file, docOutline(read(file))]));
const isExternal = (url: string) => /^[a-z][a-z0-9+.-]*:/i.test(url);

/** What is wrong with one link of `file`, or null. */
function brokenLink(file: string, url: string): string | null {
  if (isExternal(url)) return null;
  const [target, anchor] = url.split("#", 2) as [string, string | undefined];
  const resolved = target ? path.posix.normalize(path.posix.join(path.posix.dirname(file), decodeURI(target))).replace(/\/$/, "") : file;
  if (resolved.startsWith("..")) return `${url} leaves the repository`;
  if (!existsSync(path.join(ROOT, resolved))) return `${url}: ${resolved} does not exist`;
  if (anchor === undefined) return null;
  if (statSync(path.join(ROOT, resolved)).isDirectory() || !resolved.endsWith(".md")) return `${url}: an anchor into ${resolved}, which has no headings`;
  const anchors = outlines.get(resolved)?.anchors ?? docOutline(read(resolved)).anchors;
  return anchors.includes(anchor) ? null : `${url}: ${resolved} has no heading #${anchor}`;
}

describe("the README and docs/", () => {
  it.each(FILES)("%s links only to files and headings that exist", (file) => {
    const broken = outlines
      .get(file)!
      .links.map((url) => brokenLink(file, url))
      .filter(Boolean);
    expect(broken).toEqual([]);
  });

  it("keeps the README a front door of at most 250 lines", () => {
    expect(read("README.md").split("\n").length).toBeLessThanOrEqual(250);
  });

  it("links from the README to every topic, and the console shows exactly the topics docs/ holds", () => {
    expect([...DOCS].sort()).toEqual(DOC_TOPICS.map((t) => `docs/${t}.md`).sort());
    const fromReadme = new Set(outlines.get("README.md")!.links.map((url) => url.split("#")[0]));
    expect(DOC_TOPICS.filter((t) => !fromReadme.has(`docs/${t}.md`))).toEqual([]);
    for (const topic of DOC_TOPICS) expect(outlines.get(`docs/${topic}.md`)!.title, topic).not.toBe("");
  });

  it("checks what it reads: a missing file, a missing heading and an anchor into a folder are broken", () => {
    expect(brokenLink("docs/monitors.md", "security.md#outbound-requests")).toBeNull();
    expect(brokenLink("docs/monitors.md", "nowhere.md")).toMatch(/does not exist/);
    expect(brokenLink("docs/monitors.md", "security.md#no-such-heading")).toMatch(/no heading/);
    expect(brokenLink("docs/monitors.md", "../examples/prometheus/#x")).toMatch(/no headings/);
    expect(brokenLink("docs/monitors.md", "../../etc/passwd")).toMatch(/leaves the repository/);
    expect(docOutline("# A `b` c\n\n## Sign-in, roles and security\n\n## Sign-in, roles and security\n").anchors).toEqual([
      "a-b-c",
      "sign-in-roles-and-security",
      "sign-in-roles-and-security-1",
    ]);
  });
});

describe("links inside the console's Docs pages", () => {
  it.each(DOCS)("%s points every link to another doc or an image at a console address", (file) => {
    const local = outlines.get(file)!.links.filter((url) => !isExternal(url) && !url.startsWith("../"));
    expect(local.filter((url) => consoleDocHref(url) === null)).toEqual([]);
  });

  it("rewrites docs' links and images, keeps web addresses, and drops everything else", () => {
    expect(consoleDocHref("monitors.md#webhook")).toBe("/docs/monitors#webhook");
    expect(consoleDocHref("./security.md")).toBe("/docs/security");
    expect(consoleDocHref("#limits")).toBe("#limits");
    expect(consoleDocHref("waterfall.png")).toBe("/docs-assets/waterfall.png");
    expect(consoleDocHref("https://docs.cartesia.ai")).toBe("https://docs.cartesia.ai");
    for (const url of [
      "../bench/README.md",
      "../../etc/passwd",
      "javascript:alert(1)",
      "data:text/html,x",
      "nope.md",
      "../docs/x.png",
      "//evil.example/a.png",
    ]) {
      expect(consoleDocHref(url), url).toBeNull();
    }
    for (const name of ["../README", "..%2F..%2Fetc%2Fpasswd", "README", "", "Console", "console.md"]) expect(isDocTopic(name), name).toBe(false);
  });
});
