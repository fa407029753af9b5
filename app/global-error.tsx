"use client";

// Replaces the root layout when that fails, so it brings its own document and
// the few styles it needs (globals.css does not reach it). It sets no colours of its
// own, so the browser's light or dark defaults, whichever the system asks for, apply.
export default function GlobalError({ retry }: { error: unknown; retry: () => void }) {
  return (
    <html lang="en" style={{ colorScheme: "light dark" }}>
      <body
        style={{
          fontFamily: "system-ui, sans-serif",
          lineHeight: 1.6,
          margin: "0 auto",
          maxWidth: "40rem",
          padding: "2rem 1rem",
        }}
      >
        <title>Something went wrong | Claimtrail</title>
        <main>
          <h1>Something went wrong</h1>
          <p role="alert">Something went wrong. Nothing you had not saved was changed.</p>
          <button type="button" onClick={() => retry()}>
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}
