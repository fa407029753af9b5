import type { Metadata } from "next";
import { NotFoundFallback } from "@/app/components/not-found-message";
import { ClaimView, claimMetadata } from "./claim-view";

type Params = Promise<{ slug: string }>;

// Rendered on first request, then served from the page cache until an editor
// publishes (app/(public)/refresh-public-pages.ts), or after an hour as a
// safety net. No slugs at build time: the database does not exist then.
export const dynamicParams = true;
export const revalidate = 3600;

export function generateStaticParams(): { slug: string }[] {
  return [];
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return claimMetadata((await params).slug);
}

export default async function PublicClaimPage({ params }: { params: Params }) {
  const { slug } = await params;
  return (
    <NotFoundFallback>
      <ClaimView slug={slug} correctionSent={false} />
    </NotFoundFallback>
  );
}
