import Link from "next/link";
import type { Components } from "react-markdown";
import Markdown from "react-markdown";
import rehypeSlug from "rehype-slug";
import remarkGfm from "remark-gfm";
import { consoleDocHref } from "@/lib/docs/doc-topics";

const link = "text-sky-700 underline dark:text-sky-400";
const heading = "scroll-mt-4 font-semibold tracking-tight";

// The docs' own elements in the console's look. Raw HTML in the markdown is
// never rendered (react-markdown leaves it out without rehype-raw), and every
// address goes through consoleDocHref, which lets only the docs' own pages
// and images, anchors and web addresses through.
const components: Components = {
  h1: ({ node: _, ...props }) => <h1 className={`${heading} mb-4 text-2xl`} {...props} />,
  h2: ({ node: _, ...props }) => <h2 className={`${heading} mt-10 mb-3 border-b border-zinc-200 pb-1 text-xl dark:border-zinc-800`} {...props} />,
  h3: ({ node: _, ...props }) => <h3 className={`${heading} mt-8 mb-2 text-lg`} {...props} />,
  h4: ({ node: _, ...props }) => <h4 className={`${heading} mt-6 mb-2 text-base`} {...props} />,
  p: ({ node: _, ...props }) => <p className="my-3 leading-relaxed break-words" {...props} />,
  ul: ({ node: _, ...props }) => <ul className="my-3 list-disc space-y-2 pl-6" {...props} />,
  ol: ({ node: _, ...props }) => <ol className="my-3 list-decimal space-y-2 pl-6" {...props} />,
  li: ({ node: _, ...props }) => <li className="leading-relaxed break-words [&>p]:my-1" {...props} />,
  blockquote: ({ node: _, ...props }) => (
    <blockquote className="my-3 border-l-4 border-zinc-300 pl-4 text-zinc-600 dark:border-zinc-700 dark:text-zinc-400" {...props} />
  ),
  code: ({ node: _, ...props }) => (
    <code className="rounded bg-zinc-100 px-1 font-mono text-[0.85em] break-words text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200" {...props} />
  ),
  pre: ({ node: _, ...props }) => (
    <pre
      tabIndex={0}
      className="my-4 overflow-x-auto rounded-md bg-zinc-900 p-4 font-mono text-xs leading-relaxed text-zinc-100 dark:bg-black [&>code]:bg-transparent [&>code]:p-0 [&>code]:text-xs [&>code]:break-normal [&>code]:text-inherit"
      {...props}
    />
  ),
  table: ({ node: _, ...props }) => (
    <div tabIndex={0} className="my-4 overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <table className="w-full text-left text-sm" {...props} />
    </div>
  ),
  thead: ({ node: _, ...props }) => <thead className="border-b border-zinc-200 text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400" {...props} />,
  tbody: ({ node: _, ...props }) => <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800" {...props} />,
  th: ({ node: _, ...props }) => <th scope="col" className="px-3 py-2 align-bottom font-medium" {...props} />,
  td: ({ node: _, ...props }) => <td className="min-w-28 px-3 py-2 align-top last:min-w-56" {...props} />,
  a: ({ node: _, href, children, ...props }) => {
    // A file of the repository that the console has no page for: its name stays, as text.
    if (!href) return <span>{children}</span>;
    if (href.startsWith("/"))
      return (
        <Link href={href} className={link} {...props}>
          {children}
        </Link>
      );
    const external = /^https?:/i.test(href);
    return (
      <a href={href} className={link} {...(external ? { rel: "noreferrer" } : {})} {...props}>
        {children}
      </a>
    );
  },
  img: ({ node: _, src, alt }) =>
    typeof src === "string" && src ? (
      // The docs' screenshots are served as they are by /docs-assets; they have no fixed size to give next/image.
      // eslint-disable-next-line @next/next/no-img-element
      <img src={src} alt={alt ?? ""} loading="lazy" className="my-4 h-auto max-w-full rounded-lg border border-zinc-200 dark:border-zinc-800" />
    ) : null,
};

/** One doc, rendered: GitHub's markdown with tables, and headings that carry GitHub's anchors. */
export function DocMarkdown({ markdown }: { markdown: string }) {
  return (
    <div className="min-w-0 text-sm text-zinc-800 dark:text-zinc-200">
      <Markdown remarkPlugins={[remarkGfm]} rehypePlugins={[rehypeSlug]} urlTransform={(url) => consoleDocHref(url)} components={components}>
        {markdown}
      </Markdown>
    </div>
  );
}
