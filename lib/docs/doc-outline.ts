// What a documentation file holds besides its text: its title, its first
// paragraph, the anchors of its headings (GitHub's slugs, which rehype-slug
// gives the console's headings too) and the links and images it points to.
// Pure: the file's text in, the outline out.
import GithubSlugger from "github-slugger";
import type { Nodes, Root } from "mdast";
import { toString } from "mdast-util-to-string";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";

export type DocOutline = {
  /** the text of the first heading of level 1 */
  title: string;
  /** the text of the first paragraph at the top level */
  summary: string;
  /** every heading's anchor, as GitHub makes them (repeats get -1, -2, …) */
  anchors: string[];
  /** the targets of links and images, as written */
  links: string[];
};

export function docOutline(markdown: string): DocOutline {
  const tree = unified().use(remarkParse).use(remarkGfm).parse(markdown) as Root;
  const slugger = new GithubSlugger();
  const outline: DocOutline = { title: "", summary: "", anchors: [], links: [] };
  for (const node of tree.children) {
    if (!outline.title && node.type === "heading" && node.depth === 1) outline.title = toString(node);
    if (!outline.summary && node.type === "paragraph") outline.summary = toString(node);
  }
  const walk = (node: Nodes) => {
    if (node.type === "heading") outline.anchors.push(slugger.slug(toString(node)));
    if (node.type === "link" || node.type === "image" || node.type === "definition") outline.links.push(node.url);
    if ("children" in node) for (const child of node.children) walk(child);
  };
  walk(tree);
  return outline;
}
