"use client";

import { useActionState, useEffect, useRef, useState, type RefObject } from "react";
import { ErrorList, fieldErrors, FormFeedback, invalidProps, typedValue } from "@/app/components/forms";
import { createSpanClaimAction } from "../actions";
import styles from "../articles.module.css";
import { Panel } from "@/app/components/panel";

interface Selected {
  start: number;
  end: number;
  text: string;
}

/** Where a range boundary falls in the pasted text, given the piece of text (a [data-offset] span) it falls in or beside. */
function boundary(piece: HTMLElement, node: Node, offset: number, side: "start" | "end"): number {
  const base = Number(piece.dataset.offset);
  const length = piece.textContent?.length ?? 0;
  if (node.parentNode === piece && node.nodeType === Node.TEXT_NODE) return base + offset;
  if (node === piece) return base + (offset === 0 ? 0 : length);
  // The boundary lies outside this piece: the selection starts before it or ends after it.
  return side === "start" ? base : base + length;
}

/**
 * The selection as offsets into the text as pasted. Only the article's own
 * words count (HighlightedArticle wraps them in [data-offset] spans); badges
 * and links inside highlights are skipped.
 */
function selectedOffsets(container: HTMLElement, range: Range): Selected | null {
  const pieces = [...container.querySelectorAll<HTMLElement>("[data-offset]")].filter((piece) =>
    range.intersectsNode(piece),
  );
  const first = pieces[0];
  const last = pieces.at(-1);
  if (!first || !last) return null;
  const start = boundary(first, range.startContainer, range.startOffset, "start");
  const end = boundary(last, range.endContainer, range.endOffset, "end");
  if (end <= start) return null;
  const text = pieces
    .map((piece) => {
      const base = Number(piece.dataset.offset);
      const content = piece.textContent ?? "";
      return content.slice(Math.max(0, start - base), Math.max(0, end - base));
    })
    .join("");
  return { start, end, text };
}

/**
 * A claim from any words of the article. With JavaScript, selecting words in
 * the text fills in their offsets; without it, the reviewer types them.
 */
export function SpanClaimForm({
  articleId,
  textId,
  permalink,
}: {
  articleId: number;
  textId: string;
  permalink: string;
}) {
  const [state, formAction, pending] = useActionState(createSpanClaimAction, null, permalink);
  const [selected, setSelected] = useState<Selected | null>(null);
  const startRef = useRef<HTMLInputElement>(null);
  const endRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const onSelectionChange = () => {
      const container = document.getElementById(textId);
      const selection = document.getSelection();
      if (!container || !selection || selection.isCollapsed || selection.rangeCount === 0) return;
      const range = selection.getRangeAt(0);
      if (!container.contains(range.commonAncestorContainer)) return;
      const found = selectedOffsets(container, range);
      if (!found) return;
      setSelected(found);
      if (startRef.current) startRef.current.value = String(found.start);
      if (endRef.current) endRef.current.value = String(found.end);
    };
    document.addEventListener("selectionchange", onSelectionChange);
    return () => document.removeEventListener("selectionchange", onSelectionChange);
  }, [textId]);

  useEffect(() => {
    if (state?.ok) setSelected(null);
  }, [state]);

  const offsetField = (name: "spanStart" | "spanEnd", label: string, ref: RefObject<HTMLInputElement | null>) => (
    <div className="field">
      <label htmlFor={`span-${name}`}>{label}</label>
      <input
        ref={ref}
        id={`span-${name}`}
        name={name}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        defaultValue={typedValue(state, name, "")}
        aria-describedby="span-hint"
        {...invalidProps(state, name, `span-hint span-${name}-error`)}
      />
      <ErrorList id={`span-${name}-error`} errors={fieldErrors(state, name)} />
    </div>
  );

  return (
    <Panel aria-labelledby="span-claim-heading">
      <h2 id="span-claim-heading">Make a claim from the text</h2>
      <FormFeedback state={state} />
      <form action={formAction} noValidate>
        <input type="hidden" name="articleId" value={articleId} />
        <p className="hint" id="span-hint">
          Select words in the article text and their offsets fill in here. Or type them: offsets count characters from
          0, the start of the text as pasted; the end is the first character after the claim.
        </p>
        <p className={styles.selection} aria-live="polite">
          {selected ? (
            <>
              Selected characters {selected.start}–{selected.end}: “{selected.text}”
            </>
          ) : null}
        </p>
        <div className={styles.offsets}>
          {offsetField("spanStart", "Start offset", startRef)}
          {offsetField("spanEnd", "End offset", endRef)}
        </div>
        <div className="field">
          <label htmlFor="span-summary">Summary</label>
          <span className="hint" id="span-summary-hint">
            At most 75 characters: it becomes the verdict&apos;s headline.
          </span>
          <input
            id="span-summary"
            name="summary"
            type="text"
            defaultValue={typedValue(state, "summary", "")}
            aria-describedby="span-summary-hint"
            {...invalidProps(state, "summary", "span-summary-hint span-summary-error")}
          />
          <ErrorList id="span-summary-error" errors={fieldErrors(state, "summary")} />
        </div>
        <div className="field">
          <label htmlFor="span-claimant">Claimant</label>
          <input
            id="span-claimant"
            name="claimant"
            type="text"
            defaultValue={typedValue(state, "claimant", "")}
            {...invalidProps(state, "claimant", "span-claimant-error")}
          />
          <ErrorList id="span-claimant-error" errors={fieldErrors(state, "claimant")} />
        </div>
        <div className="field">
          <label htmlFor="span-reported-by">Reported by</label>
          <input
            id="span-reported-by"
            name="reportedBy"
            type="text"
            defaultValue={typedValue(state, "reportedBy", "")}
            {...invalidProps(state, "reportedBy", "span-reported-by-error")}
          />
          <ErrorList id="span-reported-by-error" errors={fieldErrors(state, "reportedBy")} />
        </div>
        <button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create claim"}
        </button>
      </form>
    </Panel>
  );
}
