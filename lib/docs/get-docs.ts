// The documentation the console shows: the same files as the repository's
// docs/ folder, read at request time. Only the topics of DOC_TOPICS and the
// images named like DOC_ASSET are read; any other name is not found, so no
// part of a request ever becomes a path of its own.
import "server-only";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { docOutline } from "./doc-outline";
import { DOC_ASSET, DOC_TOPICS, type DocTopic, isDocTopic } from "./doc-topics";

export type DocSummary = { topic: DocTopic; title: string; summary: string };
export type Doc = DocSummary & { markdown: string };

const docsDir = () => path.join(process.cwd(), "docs");

/** One topic's file, or null for a name that is not a topic. */
export async function getDoc(topic: string): Promise<Doc | null> {
  if (!isDocTopic(topic)) return null;
  const markdown = await readFile(path.join(docsDir(), `${topic}.md`), "utf8");
  const { title, summary } = docOutline(markdown);
  return { topic, title: title || topic, summary, markdown };
}

/** Every topic with its title and first paragraph, in the order of DOC_TOPICS. */
export async function listDocs(): Promise<DocSummary[]> {
  const docs = await Promise.all(DOC_TOPICS.map((topic) => getDoc(topic)));
  return docs.flatMap((doc) => (doc ? [{ topic: doc.topic, title: doc.title, summary: doc.summary }] : []));
}

/** One of the docs' images (docs/<name>.png), or null. */
export async function getDocAsset(name: string): Promise<Buffer | null> {
  if (!DOC_ASSET.test(name)) return null;
  try {
    return await readFile(path.join(docsDir(), name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}
