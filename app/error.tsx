"use client";

import { MainContent } from "./components/main-content";
import { PublicHeader } from "./components/public-header";

// Unexpected failures only; expected ones come back from lib/ as messages.
// No details reach the page: they are in the server log under the digest.
// It replaces the area layouts, so it brings the header and <main> itself.
export default function ErrorPage({ retry }: { error: unknown; retry: () => void }) {
  return (
    <>
      <PublicHeader />
      <MainContent>
        <div className="prose">
          <h1>Something went wrong</h1>
          <p role="alert">Something went wrong. Nothing you had not saved was changed.</p>
          <button type="button" onClick={() => retry()}>
            Try again
          </button>
        </div>
      </MainContent>
    </>
  );
}
