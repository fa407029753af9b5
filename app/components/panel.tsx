import type { HTMLAttributes, ReactNode } from "react";
import styles from "./panel.module.css";

type PanelElement = "section" | "div" | "li" | "aside" | "details";

interface PanelProps extends HTMLAttributes<HTMLElement> {
  /** The element: a section for a page part (give it aria-labelledby), li in a list. */
  as?: PanelElement;
  /** Less padding and no margin, for items in a list. */
  compact?: boolean;
  children: ReactNode;
}

/** The framed box every page uses for a section, a card or an item, so its border and padding are set once. */
export function Panel({ as: Element = "section", compact, className, children, ...rest }: PanelProps) {
  const classes = [styles.panel, compact && styles.compact, className].filter(Boolean).join(" ");
  return (
    <Element className={classes} {...rest}>
      {children}
    </Element>
  );
}
