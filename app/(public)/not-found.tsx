import type { Metadata } from "next";
import { NotFoundMessage } from "@/app/components/not-found-message";

export const metadata: Metadata = { title: "Page not found", robots: { index: false } };

// notFound() in a public page lands here, inside the public layout (header and
// <main> come from there); app/not-found.tsx serves addresses no route matches.
export default function PublicNotFound() {
  return <NotFoundMessage />;
}
