import type { ReactNode } from "react";

/** The page's one <main>, target of the skip link. */
export function MainContent({ children }: { children: ReactNode }) {
  return (
    <main id="main" tabIndex={-1}>
      <div className="container">{children}</div>
    </main>
  );
}
