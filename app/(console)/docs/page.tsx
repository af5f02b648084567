import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/session";
import { listDocs } from "@/lib/docs/get-docs";

export const metadata: Metadata = { title: "Docs" };
export const dynamic = "force-dynamic";

const box = "block h-full rounded-lg border border-zinc-200 bg-white p-4 hover:border-sky-600 dark:border-zinc-800 dark:bg-zinc-900 dark:hover:border-sky-500";

export default async function DocsPage() {
  await requireUser();
  const docs = await listDocs();
  return (
    <div className="max-w-5xl">
      <PageHeader title="Docs" description="How Callscope works and how to run it: the same files as the docs/ folder of its repository." />
      <ul aria-label="Topics" className="grid gap-3 sm:grid-cols-2">
        <li>
          <Link href="/docs/api" className={box}>
            <span className="font-medium text-sky-700 dark:text-sky-400">API reference</span>
            <span className="mt-1 block text-sm text-zinc-600 dark:text-zinc-400">
              Every endpoint with its parameters, request and response schemas, and an example, generated from the OpenAPI document.
            </span>
          </Link>
        </li>
        {docs.map((doc) => (
          <li key={doc.topic}>
            <Link href={`/docs/${doc.topic}`} className={box}>
              <span className="font-medium break-words text-sky-700 dark:text-sky-400">{doc.title}</span>
              <span className="mt-1 line-clamp-3 text-sm break-words text-zinc-600 dark:text-zinc-400">{doc.summary}</span>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
