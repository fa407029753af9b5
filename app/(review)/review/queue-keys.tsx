"use client";

import { useEffect, useRef, useState } from "react";
import { isShortcutKey, ShortcutKeys, useShortcutSwitch } from "@/app/components/shortcut-switch";
import { QUEUE_TABLE_ID } from "./queue-dom";
import styles from "./review.module.css";

// The queue's rows stay server-rendered: these components get no row data as
// props and work on the table in the page, found by its id. A row's
// checkbox is `input[name="claim"]`; its claim link is the one to
// /review/claims/…. Programmatic ticks go through click(), so whoever listens for
// `change` (the bulk bar) hears them as if clicked.

function table(): HTMLTableElement | null {
  const element = document.getElementById(QUEUE_TABLE_ID);
  return element instanceof HTMLTableElement ? element : null;
}

function rows(): HTMLTableRowElement[] {
  return [...(table()?.tBodies[0]?.rows ?? [])];
}

function checkbox(row: Element): HTMLInputElement | null {
  return row.querySelector<HTMLInputElement>('input[type="checkbox"][name="claim"]');
}

function claimLink(row: Element): HTMLAnchorElement | null {
  return row.querySelector<HTMLAnchorElement>('a[href^="/review/claims/"]');
}

/** "Select all on this page": ticks or clears every row's box; mixed when only some are ticked. */
export function QueueSelectAll() {
  const ref = useRef<HTMLInputElement>(null);
  // Rendered only in the browser: without JavaScript it could do nothing.
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);

  useEffect(() => {
    const box = ref.current;
    const list = table();
    if (!box || !list) return;
    const sync = () => {
      const boxes = rows().flatMap((row) => checkbox(row) ?? []);
      const ticked = boxes.filter((b) => b.checked).length;
      box.checked = boxes.length > 0 && ticked === boxes.length;
      box.indeterminate = ticked > 0 && ticked < boxes.length;
    };
    sync();
    list.addEventListener("change", sync);
    return () => list.removeEventListener("change", sync);
  }, [mounted]);

  if (!mounted) return null;
  return (
    <input
      ref={ref}
      type="checkbox"
      aria-label="Select all claims on this page"
      onChange={(event) => {
        const on = event.target.checked;
        for (const row of rows()) {
          const box = checkbox(row);
          if (box && box.checked !== on) box.click();
        }
      }}
    />
  );
}

const SHORTCUTS = [
  { key: "j", label: "Next claim" },
  { key: "k", label: "Previous claim" },
  { key: "Enter", label: "Open the current claim" },
  { key: "x", label: "Select or clear the current claim" },
] as const;

// Keys that already mean something to these elements are left to them.
const OWN_KEYS = "a[href], button, summary, select, textarea, input:not([type=checkbox])";

/**
 * j/k move the current row (highlighted, its claim link focused and in view),
 * Enter opens it, x ticks it; the shared switch turns them off, and a key
 * typed into a field stays the field's.
 */
export function QueueShortcuts() {
  const [enabled, setEnabled] = useShortcutSwitch();
  const current = useRef<HTMLTableRowElement | null>(null);

  useEffect(() => {
    const list = table();
    if (!list) return;
    const mark = (row: HTMLTableRowElement | null) => {
      if (current.current && current.current !== row) current.current.removeAttribute("data-current");
      current.current = row;
      row?.setAttribute("data-current", "true");
    };
    // Tabbing or clicking into a row makes it the current one, so j/k go on from there.
    const onFocus = (event: FocusEvent) => {
      const row = event.target instanceof Element ? event.target.closest("tr") : null;
      if (row && row.parentElement === list.tBodies[0]) mark(row);
    };
    list.addEventListener("focusin", onFocus);
    if (!enabled) {
      mark(null);
      return () => list.removeEventListener("focusin", onFocus);
    }

    function onKey(event: KeyboardEvent) {
      if (!isShortcutKey(event) || !["j", "k", "x", "Enter"].includes(event.key)) return;
      const all = rows();
      if (all.length === 0) return;
      const row = current.current && all.includes(current.current) ? current.current : null;
      if (event.key === "j" || event.key === "k") {
        event.preventDefault();
        const at = row ? all.indexOf(row) : -1;
        const next = all[event.key === "j" ? Math.min(at + 1, all.length - 1) : Math.max(at - 1, 0)];
        if (!next) return;
        mark(next);
        const link = claimLink(next);
        link?.focus({ preventScroll: true });
        next.scrollIntoView({ block: "nearest" });
        return;
      }
      if (!row) return;
      if (event.key === "x") {
        event.preventDefault();
        checkbox(row)?.click();
        return;
      }
      // Enter on a link or button is theirs; elsewhere (the page, a row's checkbox) it opens the current claim.
      if (event.target instanceof Element && event.target.closest(OWN_KEYS)) return;
      event.preventDefault();
      claimLink(row)?.click();
    }
    document.addEventListener("keydown", onKey);
    return () => {
      list.removeEventListener("focusin", onFocus);
      document.removeEventListener("keydown", onKey);
    };
  }, [enabled]);

  return (
    <details className={styles.shortcuts}>
      <summary>Keyboard shortcuts</summary>
      <ShortcutKeys enabled={enabled} onChange={setEnabled} keys={SHORTCUTS} className={styles.keys} />
    </details>
  );
}
