import Link from "next/link";
import { Suspense, type ReactNode } from "react";

/** What a reader sees at an address with nothing published behind it. */
export function NotFoundMessage() {
  return (
    <div className="prose">
      <h1>Page not found</h1>
      <p>There is nothing at this address. The claim may not be published, or the link may be mistyped.</p>
      <p>
        <Link href="/">Go to the home page</Link>
      </p>
    </div>
  );
}

/**
 * Wraps a page whose content calls notFound(). Next 16 answers a notFound()
 * that escapes to the top with a 404 whose HTML body is empty (the not-found
 * UI arrives only in the RSC payload, so without JavaScript the page is blank:
 * vercel/next.js#62228). Thrown inside a Suspense boundary it still sets the
 * 404 status, and the boundary's fallback, this message, is what the HTML
 * carries; with JavaScript the app's not-found.tsx then takes over. Published
 * content renders synchronously, so a found page never shows the fallback.
 */
export function NotFoundFallback({ children }: { children: ReactNode }) {
  return <Suspense fallback={<NotFoundMessage />}>{children}</Suspense>;
}
