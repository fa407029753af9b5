import Link from "next/link";
import type { SessionUser } from "@/lib/auth/principal";
import { can } from "@/lib/auth/permissions";
import { NavLinks, type NavItem } from "./nav-links";
import { SavedViewsMenu, type MenuView } from "./saved-views-menu";
import { SignOutButton } from "./sign-out-button";
import styles from "./site-header.module.css";

/** The reviewer area's header: who is signed in, their tools, and Sign out. */
export function ReviewHeader({
  user,
  views,
}: {
  user: Pick<SessionUser, "name" | "role"> | null;
  views?: { mine: MenuView[]; shared: MenuView[] };
}) {
  const items: NavItem[] = [
    { href: "/review", label: "Review queue" },
    // Not prefetched: opening the page is what moves the "since my last visit" mark.
    { href: "/review/mine", label: "My claims", prefetch: false },
    { href: "/review/articles", label: "Articles", section: true },
    { href: "/review/articles/new", label: "New article" },
  ];
  if (user && can(user.role, "claim.publish")) {
    items.push({ href: "/review/corrections", label: "Correction requests", section: true });
    items.push({ href: "/review/insights", label: "Insights" });
  }
  if (user && can(user.role, "user.manage")) items.push({ href: "/review/admin", label: "Admin", section: true });
  items.push({ href: "/", label: "Public site" });
  return (
    // desk-header: the footer widens with the desk (globals.css).
    <header className={`${styles.header} ${styles.desk} desk-header`}>
      <div className={`container container-desk ${styles.bar}`}>
        <Link href="/review" className={styles.brand}>
          Claimtrail
        </Link>
        <nav aria-label="Reviewer area" className={styles.nav}>
          <NavLinks items={items} className={styles.links} />
          {user && views && <SavedViewsMenu mine={views.mine} shared={views.shared} />}
          {user ? (
            <div className={styles.account}>
              <span className={styles.who}>
                <span className={styles.name}>{user.name}</span> <span className={styles.role}>{user.role}</span>
              </span>
              <Link href="/review/account">Account</Link>
              <Link href="/review/settings">Settings</Link>
              <SignOutButton />
            </div>
          ) : (
            <Link href="/signin">Sign in</Link>
          )}
        </nav>
      </div>
    </header>
  );
}
