import Link from "next/link";
import { connection } from "next/server";
import { currentUser } from "@/lib/auth/session";
import { SignOutButton } from "./sign-out-button";
import styles from "./site-header.module.css";

export async function SiteHeader() {
  // Request-time only: `next build` must never open the database or the auth secret.
  await connection();
  const user = await currentUser();
  return (
    <header className={styles.header}>
      <div className={`container ${styles.bar}`}>
        <Link href="/" className={styles.brand}>
          Claimtrail
        </Link>
        <nav aria-label="Main" className={styles.nav}>
          <ul className={styles.links}>
            <li>
              <Link href="/">Home</Link>
            </li>
            {user && (
              <li>
                <Link href="/review">Review queue</Link>
              </li>
            )}
            {!user && (
              <li>
                <Link href="/signin">Sign in</Link>
              </li>
            )}
          </ul>
          {user && (
            <div className={styles.account}>
              <span className={styles.who}>
                <span className={styles.name}>{user.name}</span> <span className={styles.role}>{user.role}</span>
              </span>
              <SignOutButton />
            </div>
          )}
        </nav>
      </div>
    </header>
  );
}
