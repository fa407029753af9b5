import { NavLinks } from "@/app/components/nav-links";
import styles from "./admin.module.css";

const ITEMS = [
  { href: "/review/admin", label: "Users" },
  { href: "/review/admin/audit", label: "Audit log" },
  { href: "/review/admin/chain", label: "Chain check" },
  { href: "/review/admin/two-factor", label: "Two-factor sign-in" },
  { href: "/review/admin/export", label: "Export" },
  { href: "/review/admin/about", label: "About page" },
  { href: "/review/admin/webhooks", label: "Webhooks", section: true },
];

/** The admin area's own sections, under the page heading. */
export function AdminNav() {
  return (
    <nav aria-label="Admin" className={styles.tabs}>
      <NavLinks items={ITEMS} />
    </nav>
  );
}
