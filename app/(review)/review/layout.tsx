import type { Metadata } from "next";
import type { ReactNode } from "react";
import { currentUser } from "@/lib/auth/session";
import { listSavedViews } from "@/lib/claims/saved-views";
import { MainContent } from "@/app/components/main-content";
import { ReviewHeader } from "@/app/components/review-header";
import { SessionKeepAlive } from "@/app/components/session-keep-alive";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { robots: { index: false, follow: false } };

// The session is read here, not in the root layout, so public pages stay
// cacheable. The header only shows who is signed in; each page still checks
// the session itself (requireUser), because only the page knows its own path
// to come back to after signing in.
export default async function ReviewLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  // Only what the menu shows: names, links and counts.
  const views = user && !user.twoFactorMissing ? listSavedViews({ by: user }) : undefined;
  const menu = views && {
    mine: views.mine.map(({ id, name, href, count }) => ({ id, name, href, count })),
    shared: views.shared.map(({ id, name, href, count }) => ({ id, name, href, count })),
  };
  return (
    <>
      <ReviewHeader user={user ? { name: user.name, role: user.role } : null} views={menu} />
      <MainContent desk>{children}</MainContent>
      {user && <SessionKeepAlive />}
    </>
  );
}
