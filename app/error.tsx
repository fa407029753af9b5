"use client";

// Unexpected failures only; expected ones come back from lib/ as messages.
// No details reach the page: they are in the server log under the digest.
export default function ErrorPage({ retry }: { error: unknown; retry: () => void }) {
  return (
    <div className="prose">
      <h1>Something went wrong</h1>
      <p role="alert">Something went wrong. Nothing you had not saved was changed.</p>
      <button type="button" onClick={() => retry()}>
        Try again
      </button>
    </div>
  );
}
