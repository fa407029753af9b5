import type { ReactNode } from "react";

/**
 * The page's one <main>, target of the skip link. `desk` widens it to the
 * reviewer area's app layout; reading text inside keeps its measure (.prose).
 */
export function MainContent({ children, desk = false }: { children: ReactNode; desk?: boolean }) {
  return (
    <main id="main" tabIndex={-1}>
      <div className={desk ? "container container-desk" : "container"}>{children}</div>
    </main>
  );
}
