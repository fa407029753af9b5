import type { Metadata } from "next";
import { isDefaultSearch, parseSearchQuery, searchPublished } from "@/lib/public/search";
import { latestVerdicts } from "./published-cache";
import { searchMetadata, SearchView } from "./search-view";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({ searchParams }: { searchParams: SearchParams }): Promise<Metadata> {
  return searchMetadata(parseSearchQuery(await searchParams));
}

// The plain home page, from the data cache. proxy.ts sends a search to its
// cached results page (search/[query]); one that reaches this page all the
// same (a proxy left out of a deployment) is answered here from SQLite.
export default async function HomePage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const result = isDefaultSearch(parseSearchQuery(params)) ? await latestVerdicts() : searchPublished(params);
  return <SearchView result={result} />;
}
