import type { Metadata } from "next";
import type { ReactNode } from "react";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { robots: { index: false, follow: false } };

// Each page checks the session itself (requireUser) because only the page
// knows its own path to come back to after signing in.
export default function ReviewLayout({ children }: { children: ReactNode }) {
  return children;
}
