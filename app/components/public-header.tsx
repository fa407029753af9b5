import Link from "next/link";
import { NavLinks, type NavItem } from "./nav-links";
import styles from "./site-header.module.css";

const PUBLIC_NAV: NavItem[] = [
  { href: "/", label: "Home" },
  { href: "/methodology", label: "Methodology" },
  { href: "/corrections", label: "Corrections" },
  { href: "/about", label: "About" },
  // A plain link, the same for everyone, so public pages stay cacheable: a
  // signed-in reviewer lands on the queue, anyone else is sent to /signin by
  // proxy.ts and the queue's own session check. Not prefetched: that would
  // ask the reviewer area for every reader.
  { href: "/review", label: "Sign in", prefetch: false },
];

/** The header of public pages: static, no session, no database. */
export function PublicHeader() {
  return (
    <header className={styles.header}>
      <div className={`container ${styles.bar}`}>
        <Link href="/" className={styles.brand}>
          Claimtrail
        </Link>
        <nav aria-label="Main" className={styles.nav}>
          <NavLinks items={PUBLIC_NAV} className={styles.links} />
        </nav>
      </div>
    </header>
  );
}
