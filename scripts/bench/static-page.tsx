// The benchmark's "static page of the same size served by the same server":
// scripts/bench/build.ts copies this file into its own build copy only, as
// app/bench-static/[filler]/page.tsx. It has no data at all, and is cached
// whole on its first request exactly as /claims/[slug] is, so the claim
// page's requests per second against it show what the claim page itself
// costs beyond the framework (DESIGN.md, Performance budgets). The filler
// length is chosen at bench time so the HTML matches the claim page's size.
import { z } from "zod";

type Params = Promise<{ filler: string }>;

export const dynamicParams = true;
export const revalidate = 3600;

export function generateStaticParams(): { filler: string }[] {
  return [];
}

const fillerSchema = z.coerce.number().int().min(0).max(1_000_000).catch(0);

export default async function BenchStaticPage({ params }: { params: Params }) {
  const length = fillerSchema.parse((await params).filler);
  return (
    <main>
      <h1>A static page</h1>
      <p>{"x".repeat(length)}</p>
    </main>
  );
}
