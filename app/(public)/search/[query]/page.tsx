import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { searchFromSegment, searchPublished } from "@/lib/public/search";
import { searchMetadata, SearchView } from "../../search-view";

// A search's results page, kept whole in Next's page cache like a claim page:
// proxy.ts maps /?q=… to /search/<segment> (lib/public/search-query.ts), so a
// search that many readers run is rendered once per publication, and every
// publication expires every search (refreshPublicPages). The address readers
// see and share stays /?q=…. generateStaticParams returns [], so `next build`
// never opens the database.
export const dynamicParams = true;
export const revalidate = 3600;

export function generateStaticParams(): { query: string }[] {
  return [];
}

type Params = Promise<{ query: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const query = searchFromSegment((await params).query);
  return query ? searchMetadata(query) : {};
}

export default async function SearchResultsPage({ params }: { params: Params }) {
  const query = searchFromSegment((await params).query);
  // Only the one segment of each search is served, so no search is kept twice.
  if (!query) notFound();
  return <SearchView result={searchPublished(query)} />;
}
