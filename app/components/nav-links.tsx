"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

export interface NavItem {
  href: string;
  label: string;
  /** Also current on paths below href ("/review" for "/review/claims/x"). */
  section?: boolean;
  prefetch?: false;
}

function isCurrent(pathname: string, item: NavItem, items: NavItem[]): boolean {
  if (pathname === item.href) return true;
  // A page with a link of its own ("New article") is not also marked under its section ("Articles").
  if (items.some((other) => other.href === pathname)) return false;
  return item.section === true && item.href !== "/" && pathname.startsWith(`${item.href}/`);
}

/** The header's links, with aria-current on the one for this page. */
export function NavLinks({ items, className }: { items: NavItem[]; className?: string }) {
  const pathname = usePathname();
  return (
    <ul className={className}>
      {items.map((item) => (
        <li key={item.href}>
          <Link
            href={item.href}
            prefetch={item.prefetch}
            aria-current={isCurrent(pathname, item, items) ? "page" : undefined}
          >
            {item.label}
          </Link>
        </li>
      ))}
    </ul>
  );
}
