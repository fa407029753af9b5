import Link from "next/link";
import { Fragment, type ReactNode } from "react";
import type { ClaimStatus } from "@/db/schema";
import { articleSegments } from "@/lib/articles/segments";
import { StatusBadge } from "./status-badge";
import styles from "./highlighted-article.module.css";

interface Span {
  spanStart: number;
  spanEnd: number;
}

interface Props<S extends Span> {
  body: string;
  spans: readonly S[];
  /** The highlight for one span; `words` is its text without the spaces around it. */
  renderMark: (span: S, words: ReactNode) => ReactNode;
  /**
   * Wraps each run of the article's own words in <span data-offset="N">, N
   * being its UTF-16 offset in the text as pasted, so a script can turn a
   * reader's selection back into offsets (badges and links inside the
   * highlights carry no data-offset and are skipped).
   */
  withOffsets?: boolean;
}

/**
 * An article's text with spans highlighted, as the public article page and
 * the reviewer's article view both show it. Overlaps are settled by
 * articleSegments; the highlight covers the words only, so spaces and line
 * breaks at a span's ends stay plain text.
 */
export function HighlightedArticle<S extends Span>({ body, spans, renderMark, withOffsets = false }: Props<S>) {
  const piece = (text: string, offset: number): ReactNode =>
    withOffsets && text.length > 0 ? <span data-offset={offset}>{text}</span> : text;
  let offset = 0;
  return articleSegments(body, spans).map((segment, index) => {
    const start = offset;
    offset += segment.text.length;
    if (!("claim" in segment)) return <Fragment key={index}>{piece(segment.text, start)}</Fragment>;
    const [, lead = "", words = "", trail = ""] = /^(\s*)([\s\S]*?)(\s*)$/.exec(segment.text) ?? [];
    return (
      <Fragment key={index}>
        {piece(lead, start)}
        {renderMark(segment.claim, piece(words, start + lead.length))}
        {piece(trail, start + lead.length + words.length)}
      </Fragment>
    );
  });
}

/** A claim highlighted in the text by its status (word, colour and icon), linking to the claim. */
export function ClaimMark({
  id,
  status,
  href,
  label,
  children,
}: {
  id: string;
  status: ClaimStatus;
  href: string;
  /** Read after the badge by screen readers: what following the link opens. */
  label: string;
  children: ReactNode;
}) {
  return (
    <mark id={id} className={`${styles.claim} ${styles[status]}`}>
      {children}{" "}
      <Link href={href} className={styles.verdictLink}>
        <StatusBadge status={status} />
        <span className="visually-hidden"> – {label}</span>
      </Link>
    </mark>
  );
}

export { styles as highlightStyles };
