import type { Metadata } from "next";
import { NotFoundFallback } from "@/app/components/not-found-message";
import { ClaimView, claimMetadata } from "../claim-view";

type Params = Promise<{ slug: string }>;

// /claims/x?correction=sent is rewritten here (next.config.ts): the claim page
// saying "sent", cached like the page itself, so the confirmation needs no
// query string read at request time and no JavaScript.
export const dynamicParams = true;
export const revalidate = 3600;

export function generateStaticParams(): { slug: string }[] {
  return [];
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return claimMetadata((await params).slug, { noindex: true });
}

export default async function CorrectionSentPage({ params }: { params: Params }) {
  const { slug } = await params;
  return (
    <NotFoundFallback>
      <ClaimView slug={slug} correctionSent />
    </NotFoundFallback>
  );
}
