"use client";

import { Fragment, useEffect, useState } from "react";
import { CheckboxField } from "./forms";

// WCAG 2.1.4: single-key shortcuts must be possible to turn off (they clash
// with some screen readers' keys). One switch for every page that has them,
// kept in the browser, so turning them off once turns them off everywhere.
const STORAGE_KEY = "claimtrail.shortcuts";

/**
 * Whether single-key shortcuts are on (they are unless turned off), and the
 * setter that remembers the choice. Off until the stored choice is read, so a
 * key pressed while the page loads never beats a switch turned off.
 */
export function useShortcutSwitch(): [boolean, (on: boolean) => void] {
  const [enabled, setEnabled] = useState(false);
  useEffect(() => {
    setEnabled(window.localStorage.getItem(STORAGE_KEY) !== "off");
  }, []);
  const set = (on: boolean) => {
    setEnabled(on);
    window.localStorage.setItem(STORAGE_KEY, on ? "on" : "off");
  };
  return [enabled, set];
}

/** The switch itself, as every shortcut list shows it. */
export function ShortcutSwitch({ enabled, onChange }: { enabled: boolean; onChange: (on: boolean) => void }) {
  return (
    <CheckboxField
      id="shortcuts-enabled"
      name="shortcuts"
      label="Use single-key shortcuts"
      checked={enabled}
      onChange={(event) => onChange(event.target.checked)}
    />
  );
}

export interface ShortcutKey {
  key: string;
  label: string;
}

/** What every page with shortcuts shows inside its "Keyboard shortcuts" disclosure: the switch and each key. */
export function ShortcutKeys({
  enabled,
  onChange,
  keys,
  className,
}: {
  enabled: boolean;
  onChange: (on: boolean) => void;
  keys: readonly ShortcutKey[];
  className?: string;
}) {
  return (
    <>
      <ShortcutSwitch enabled={enabled} onChange={onChange} />
      <p className="hint">When you are not typing in a field:</p>
      <dl className={className}>
        {keys.map((s) => (
          <Fragment key={s.key}>
            <dt>
              <kbd>{s.key}</kbd>
            </dt>
            <dd>{s.label}</dd>
          </Fragment>
        ))}
      </dl>
    </>
  );
}

/** A key pressed while typing in a field is the field's, never a shortcut. */
export function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement)
    return !["checkbox", "radio", "button", "submit", "reset"].includes(target.type);
  return target.isContentEditable || ["TEXTAREA", "SELECT"].includes(target.tagName);
}

/** A key event a shortcut may take: not already handled, no modifier held, not typed into a field. */
export function isShortcutKey(event: KeyboardEvent): boolean {
  return !(event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || typingIn(event.target));
}
