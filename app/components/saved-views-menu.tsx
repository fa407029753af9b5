"use client";

import Link from "next/link";
import { useRef, type MouseEvent } from "react";
import type { SavedViewItem } from "@/lib/claims/saved-views";
import styles from "./saved-views-menu.module.css";

export type MenuView = Pick<SavedViewItem, "id" | "name" | "href" | "count">;

function ViewLinks({ views, label }: { views: MenuView[]; label: string }) {
  if (views.length === 0) return null;
  return (
    <>
      <p className={styles.group}>{label}</p>
      <ul className={styles.list}>
        {views.map((view) => (
          <li key={view.id}>
            <Link href={view.href} prefetch={false} className={styles.view}>
              <span className={styles.viewName}>{view.name}</span>
              <span className={styles.count}>
                {view.count.toLocaleString("en")}
                <span className="visually-hidden"> {view.count === 1 ? "claim" : "claims"}</span>
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}

/**
 * The header's Views menu: the reviewer's own saved views and those shared
 * with the desk, each with its count. A <details> disclosure, so it opens
 * without JavaScript and keeps the header one line at 390 px; it closes once
 * a view is chosen.
 */
export function SavedViewsMenu({ mine, shared }: { mine: MenuView[]; shared: MenuView[] }) {
  const details = useRef<HTMLDetailsElement>(null);
  const close = (event: MouseEvent) => {
    if (event.target instanceof Element && event.target.closest("a") && details.current) details.current.open = false;
  };
  return (
    <details className={styles.menu} ref={details}>
      <summary>Views</summary>
      <div className={styles.panel} onClick={close}>
        {mine.length === 0 && shared.length === 0 && (
          <p className={styles.none}>No saved views yet. Filter the queue, then “Save this view”.</p>
        )}
        <ViewLinks views={mine} label="My views" />
        <ViewLinks views={shared} label="Shared with the desk" />
        <p className={styles.manage}>
          <Link href="/review/views">Manage views</Link>
        </p>
      </div>
    </details>
  );
}
