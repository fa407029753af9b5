"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { isShortcutKey, ShortcutKeys, useShortcutSwitch } from "@/app/components/shortcut-switch";
import styles from "./workspace.module.css";
import { Panel } from "@/app/components/panel";

/** Single keys that jump to a part of the workspace; each lands on that part's first field. */
const SHORTCUTS = [
  { key: "v", label: "Verdict: status and rationale", target: "verdict-status" },
  { key: "d", label: "Details and attribution", target: "details-summary" },
  { key: "e", label: "Add evidence", target: "evidence-url" },
  { key: "c", label: "Comment", target: "comment-body" },
  { key: "a", label: "Assignment", target: "assignment-heading" },
  { key: "h", label: "History", target: "history-heading" },
] as const;

export function WorkspaceShortcuts() {
  const router = useRouter();
  const [enabled, setEnabled] = useShortcutSwitch();
  useEffect(() => {
    if (!enabled) return;
    function onKey(event: KeyboardEvent) {
      if (!isShortcutKey(event)) return;
      if (event.key === "q") {
        event.preventDefault();
        router.push("/review");
        return;
      }
      const shortcut = SHORTCUTS.find((s) => s.key === event.key);
      const element = shortcut && document.getElementById(shortcut.target);
      if (!element) return;
      event.preventDefault();
      // Headings are not focusable by default; a tabindex of -1 lets focus land without joining the tab order.
      if (element.tagName.startsWith("H")) element.setAttribute("tabindex", "-1");
      element.focus();
      element.scrollIntoView({ block: "center" });
    }
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [router, enabled]);

  return (
    <Panel as="details" className={styles.shortcuts}>
      <summary>Keyboard shortcuts</summary>
      <ShortcutKeys
        enabled={enabled}
        onChange={setEnabled}
        keys={[
          ...SHORTCUTS,
          { key: "q", label: "Back to the review queue" },
          { key: "Tab", label: "Next field or button; every control is reachable in reading order" },
        ]}
      />
    </Panel>
  );
}
