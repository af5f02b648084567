// The documentation topics: one file each, docs/<topic>.md, shown in this
// order by the console's Docs page. Only these are ever read.

export const DOC_TOPICS = [
  "cartesia",
  "telemetry",
  "exports-and-cli",
  "mcp",
  "sync",
  "what-the-caller-heard",
  "where-did-the-time-go",
  "problems",
  "monitors",
  "prometheus",
  "console",
  "security",
  "personal-data",
  "configuration",
  "operations",
  "performance",
  "architecture",
] as const;

export type DocTopic = (typeof DOC_TOPICS)[number];

/** The images the docs show: docs/<name>.png. */
export const DOC_ASSET = /^[a-z0-9-]+\.png$/;

export function isDocTopic(value: string): value is DocTopic {
  return (DOC_TOPICS as readonly string[]).includes(value);
}

/**
 * Where a link or image of a doc points inside the console: another topic
 * (`monitors.md#webhook` is `/docs/monitors#webhook`), one of the docs' images
 * (`/docs-assets/<name>.png`), an anchor of the same page, or a web address
 * as written. Anything else (a file of the repository, such as
 * `../bench/README.md`) has no page in the console: null.
 */
export function consoleDocHref(url: string): string | null {
  if (/^(https?:|mailto:)/i.test(url)) return url;
  if (url.startsWith("#")) return url;
  const [file, anchor] = url.split("#", 2) as [string, string | undefined];
  const topic = /^(?:\.\/)?([a-z0-9-]+)\.md$/.exec(file)?.[1];
  if (topic && isDocTopic(topic)) return `/docs/${topic}${anchor ? `#${anchor}` : ""}`;
  const asset = file.replace(/^\.\//, "");
  if (DOC_ASSET.test(asset) && !anchor) return `/docs-assets/${asset}`;
  return null;
}
