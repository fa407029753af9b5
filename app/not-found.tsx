import type { Metadata } from "next";
import { MainContent } from "./components/main-content";
import { NotFoundMessage } from "./components/not-found-message";
import { PublicHeader } from "./components/public-header";

export const metadata: Metadata = { title: "Page not found", robots: { index: false } };

// Rendered in the root layout only (outside the area layouts), so it brings the header and <main> itself.
export default function NotFound() {
  return (
    <>
      <PublicHeader />
      <MainContent>
        <NotFoundMessage />
      </MainContent>
    </>
  );
}
