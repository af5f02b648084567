import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DocMarkdown } from "@/components/docs/doc-markdown";
import { BackLink } from "@/components/ui/back-link";
import { requireUser } from "@/lib/auth/session";
import { getDoc } from "@/lib/docs/get-docs";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ topic: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const doc = await getDoc((await params).topic);
  return { title: doc?.title ?? "Docs" };
}

export default async function DocPage({ params }: Props) {
  await requireUser();
  const doc = await getDoc((await params).topic);
  if (!doc) notFound();
  return (
    <div className="max-w-4xl">
      <div className="mb-4 text-sm">
        <BackLink href="/docs" label="Docs" />
      </div>
      <article>
        <DocMarkdown markdown={doc.markdown} />
      </article>
    </div>
  );
}
