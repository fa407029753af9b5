"use client";

import { useActionState, useEffect, useState } from "react";
import { FormFeedback, fromState, SubmitButton, TextareaField, TextField } from "@/app/components/forms";
import { createSpanClaimAction } from "../actions";
import styles from "../articles.module.css";
import { Panel } from "@/app/components/panel";

const WORDS_ID = "span-words";

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
 * the text copies them here (their place goes along, hidden, so a phrase the
 * article repeats is taken where it was selected); without it, the reviewer
 * pastes or types the words and the server finds them. Offsets are never
 * shown or typed.
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

  useEffect(() => {
    const onSelectionChange = () => {
      const container = document.getElementById(textId);
      const selection = document.getSelection();
      if (!container || !selection || selection.isCollapsed || selection.rangeCount === 0) return;
      const range = selection.getRangeAt(0);
      if (!container.contains(range.commonAncestorContainer)) return;
      const found = selectedOffsets(container, range);
      if (!found || found.text.trim() === "") return;
      setSelected(found);
      const words = document.getElementById(WORDS_ID);
      if (words instanceof HTMLTextAreaElement) words.value = found.text.trim();
    };
    document.addEventListener("selectionchange", onSelectionChange);
    return () => document.removeEventListener("selectionchange", onSelectionChange);
  }, [textId]);

  useEffect(() => {
    if (state?.ok) setSelected(null);
  }, [state]);

  // Edited by hand, the words are no longer the selection: the server looks them up instead.
  const forgetSelection = () => setSelected(null);

  return (
    <Panel aria-labelledby="span-claim-heading">
      <h2 id="span-claim-heading">Make a claim from the text</h2>
      <FormFeedback state={state} />
      <form action={formAction} noValidate>
        <input type="hidden" name="articleId" value={articleId} />
        {/* Controlled: React would reset a hidden input's value to its default on the next render. */}
        <input type="hidden" name="spanStart" value={selected?.start ?? ""} />
        <input type="hidden" name="spanEnd" value={selected?.end ?? ""} />
        <TextareaField
          id={WORDS_ID}
          label="Words from the article"
          hint="Select the words in the article text and they appear here. Or paste or type them exactly as the article has them; if they occur more than once, add a few words around them."
          rows={3}
          onInput={forgetSelection}
          {...fromState(state, "words")}
        />
        <p className={styles.selection} aria-live="polite">
          {selected ? "Selected in the text." : null}
        </p>
        <TextField
          id="span-summary"
          label="Summary"
          hint="At most 75 characters: it becomes the verdict's headline."
          {...fromState(state, "summary")}
        />
        <TextField id="span-claimant" label="Claimant" {...fromState(state, "claimant")} />
        <TextField id="span-reported-by" label="Reported by" {...fromState(state, "reportedBy")} />
        <SubmitButton pendingLabel="Creating…" pending={pending}>
          Create claim
        </SubmitButton>
      </form>
    </Panel>
  );
}
