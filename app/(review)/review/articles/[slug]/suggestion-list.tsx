"use client";

import { startTransition, useActionState, useCallback, useEffect, useRef, useState } from "react";
import type { ActionState } from "@/lib/actions";
import type { BulkRefusal } from "@/lib/intake/bulk";
import type { SuggestionItem } from "@/lib/intake/suggestions";
import { FeedbackScope, SubmitButton, useIsLatestSuccess } from "@/app/components/forms";
import { isShortcutKey, ShortcutKeys, useShortcutSwitch } from "@/app/components/shortcut-switch";
import { bulkDecideAction } from "../actions";
import { AcceptSuggestionForm, RejectSuggestionForm, SuggestionScope } from "./suggestion-forms";
import styles from "../articles.module.css";

const BULK_FORM = "bulk-decide";

const SHORTCUTS = [
  { key: "j", label: "Next suggestion" },
  { key: "k", label: "Previous suggestion" },
  { key: "a", label: "Accept the selected suggestion, with its draft summary" },
  { key: "r", label: "Reject the selected suggestion" },
  { key: "x", label: "Tick or untick the selected suggestion" },
] as const;

const GROUPS = [
  { label: "check", title: "Check", icon: "✓", hint: "worth checking" },
  { label: "maybe", title: "Maybe", icon: "?", hint: "worth a look" },
] as const;

function signed(weight: number): string {
  return `${weight > 0 ? "+" : "−"}${Math.abs(weight).toFixed(2)}`;
}

/** What a bulk decision did: a confirmation, and the refused suggestions by their sentence. */
function BulkFeedback({ state }: { state: ActionState<BulkRefusal[]> }) {
  const latest = useIsLatestSuccess(state);
  const refused = state?.ok ? state.data : [];
  return (
    <div aria-live="polite">
      {state?.ok && latest && (
        <p role="status" className="form-success">
          {state.message}
        </p>
      )}
      {state && !state.ok && (
        <p role="alert" className="form-alert">
          {state.message}
        </p>
      )}
      {refused.length > 0 && (
        <div role="alert" className="form-alert">
          <p>Not decided:</p>
          <ul className={styles.refused}>
            {refused.map((r) => (
              <li key={r.suggestionId}>
                {r.text ? <>“{r.text}”</> : <>Suggestion {r.suggestionId}</>}: {r.message}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

function SuggestionRow({
  suggestion,
  rank,
  selected,
  ticked,
  onTick,
}: {
  suggestion: SuggestionItem;
  rank: number;
  selected: boolean;
  ticked: boolean;
  onTick: (id: number, on: boolean) => void;
}) {
  const id = suggestion.id;
  const [first] = suggestion.reasons;
  return (
    <li
      id={`suggestion-${id}`}
      className={styles.row}
      data-suggestion-row={id}
      data-selected={selected || undefined}
      aria-labelledby={`suggestion-${id}-name`}
    >
      <span id={`suggestion-${id}-name`} className="visually-hidden">
        Suggestion {rank}
      </span>
      <input
        id={`tick-${id}`}
        className={styles.tick}
        type="checkbox"
        form={BULK_FORM}
        name="suggestionId"
        value={id}
        checked={ticked}
        onChange={(event) => onTick(id, event.target.checked)}
      />
      <label htmlFor={`tick-${id}`} className="visually-hidden">
        Tick suggestion {rank}: {suggestion.text}
      </label>
      <details className={styles.rowDetails}>
        <summary className={styles.rowLine}>
          <span className={`${styles.score} ${styles[suggestion.label]}`}>
            <span className="visually-hidden">score </span>
            {suggestion.score.toFixed(2)}
          </span>
          <span className={styles.rowSentence}>{suggestion.text}</span>
          {first && (
            <span className={styles.rowReason}>
              <span className="visually-hidden">, because: </span>
              {first.label}
            </span>
          )}
        </summary>
        <div className={styles.rowBody}>
          <blockquote className={styles.quote}>{suggestion.text}</blockquote>
          {suggestion.reasons.length > 0 && (
            <ul className={styles.reasons} aria-label="Reasons">
              {suggestion.reasons.map((reason, index) => (
                <li key={index} className={reason.weight < 0 ? styles.against : undefined}>
                  {reason.label} ({signed(reason.weight)}){reason.evidence && <>: “{reason.evidence}”</>}
                </li>
              ))}
            </ul>
          )}
          <dl className="facts">
            <dt>Claimant</dt>
            <dd>{suggestion.claimant ?? <span className="muted">Not found</span>}</dd>
            <dt>Reported by</dt>
            <dd>{suggestion.reportedBy ?? <span className="muted">Not found</span>}</dd>
          </dl>
          <p>
            <a href={`#text-suggestion-${id}`}>
              Show in text<span className="visually-hidden">: suggestion {rank}</span>
            </a>
          </p>
          <div className={styles.actions}>
            <AcceptSuggestionForm suggestion={suggestion} />
            <RejectSuggestionForm id={id} text={suggestion.text} />
          </div>
        </div>
      </details>
    </li>
  );
}

/**
 * The open suggestions, one line each (score, sentence, strongest reason),
 * grouped check and maybe, best first; a line opens to all its reasons, the
 * claimant and the accept-with-edits form. Ticked ones are accepted or
 * rejected together by the bulk form, which works without JavaScript; with
 * it, j/k/a/r/x work the list and the selected sentence is highlighted in
 * the article text (`textId`).
 */
export function SuggestionList({
  suggestions,
  permalink,
  textId,
}: {
  suggestions: SuggestionItem[];
  permalink: string;
  textId: string;
}) {
  const [bulk, bulkAction, bulkPending] = useActionState(bulkDecideAction, null, permalink);
  const [shortcuts, setShortcuts] = useShortcutSwitch();
  const [selection, setSelection] = useState<{ id: number; scroll: boolean } | null>(null);
  const selectedId = selection?.id ?? null;
  // Read by the keys: several pressed before React renders again still move one row each.
  const current = useRef<number | null>(null);
  const setSelectedId = useCallback((id: number | null, scroll = true) => {
    current.current = id;
    setSelection(id === null ? null : { id, scroll });
  }, []);
  // Set between a press and its click: the text must not scroll under the pointer before the click lands.
  const pressing = useRef(false);
  const [ticked, setTicked] = useState<ReadonlySet<number>>(new Set());
  const lastIndex = useRef(0);
  const listRef = useRef<HTMLDivElement>(null);

  // Grouped as the page shows them; the list comes ordered by score already.
  const ordered = GROUPS.flatMap((group) => suggestions.filter((s) => s.label === group.label));
  const rank = new Map(suggestions.map((s, index) => [s.id, index + 1]));
  const checkIds = ordered.filter((s) => s.label === "check").map((s) => s.id);
  const openIds = ordered.map((s) => s.id).join(",");

  const focusRow = useCallback((id: number) => {
    const summary = listRef.current?.querySelector<HTMLElement>(`[data-suggestion-row="${id}"] summary`);
    summary?.focus();
    summary?.scrollIntoView({ block: "nearest" });
  }, []);

  const select = useCallback(
    (id: number, focus: boolean) => {
      setSelectedId(id);
      if (focus) focusRow(id);
    },
    [focusRow, setSelectedId],
  );

  // A decided suggestion leaves the list: the one now in its place is selected, and keeps the focus there.
  useEffect(() => {
    const ids = openIds ? openIds.split(",").map(Number) : [];
    setTicked((previous) => {
      const kept = new Set([...previous].filter((id) => ids.includes(id)));
      return kept.size === previous.size ? previous : kept;
    });
    if (selectedId === null || ids.includes(selectedId)) return;
    const next = ids[Math.min(lastIndex.current, ids.length - 1)];
    if (next === undefined) {
      setSelectedId(null);
      return;
    }
    const focusWasLost = document.activeElement === document.body || document.activeElement === null;
    select(next, focusWasLost);
  }, [openIds, selectedId, select]);

  useEffect(() => {
    const index = ordered.findIndex((s) => s.id === selectedId);
    if (index >= 0) lastIndex.current = index;
  });

  // The selected sentence, highlighted in the text; beside the list (wide screens) it is scrolled into view.
  useEffect(() => {
    const text = document.getElementById(textId);
    if (!text) return;
    for (const mark of text.querySelectorAll("[data-selected]")) mark.removeAttribute("data-selected");
    if (selectedId === null) return;
    const marks = text.querySelectorAll<HTMLElement>(`[data-suggestion="${selectedId}"]`);
    for (const mark of marks) mark.setAttribute("data-selected", "true");
    if (selection?.scroll && window.matchMedia("(min-width: 62rem)").matches) {
      marks[0]?.scrollIntoView({ block: "center" });
    }
  }, [selection, selectedId, textId, openIds]);

  // "Suggestion 3" links in the text lead here: the one followed is selected.
  useEffect(() => {
    const fromHash = () => {
      const match = /^#suggestion-(\d+)$/.exec(window.location.hash);
      if (match) setSelectedId(Number(match[1]));
    };
    fromHash();
    window.addEventListener("hashchange", fromHash);
    return () => window.removeEventListener("hashchange", fromHash);
  }, [setSelectedId]);

  const decide = useCallback(
    (intent: "accept" | "reject", id: number) => {
      const form = new FormData();
      form.set("intent", intent);
      form.set("suggestionId", String(id));
      startTransition(() => bulkAction(form));
    },
    [bulkAction],
  );

  useEffect(() => {
    if (!shortcuts) return;
    function onKey(event: KeyboardEvent) {
      if (!isShortcutKey(event) || !["j", "k", "a", "r", "x"].includes(event.key)) return;
      const ids = ordered.map((s) => s.id);
      if (ids.length === 0) return;
      const chosen = current.current;
      const at = chosen === null ? -1 : ids.indexOf(chosen);
      event.preventDefault();
      if (event.key === "j" || event.key === "k") {
        const next = event.key === "j" ? Math.min(at + 1, ids.length - 1) : Math.max(at - 1, 0);
        const id = ids[next];
        if (id !== undefined) select(id, true);
        return;
      }
      if (chosen === null || at < 0 || bulkPending) return;
      if (event.key === "x") {
        setTicked((previous) => toggled(previous, chosen, !previous.has(chosen)));
        return;
      }
      decide(event.key === "a" ? "accept" : "reject", chosen);
    }
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  });

  const onTick = (id: number, on: boolean) => setTicked((previous) => toggled(previous, id, on));

  return (
    <FeedbackScope>
      <SuggestionScope permalink={permalink}>
        <BulkFeedback state={bulk} />
        {ordered.length === 0 ? (
          <p className="empty">No open suggestions.</p>
        ) : (
          <div
            ref={listRef}
            onPointerDown={() => {
              pressing.current = true;
            }}
            onFocus={(event) => {
              const row = event.target.closest<HTMLElement>("[data-suggestion-row]");
              if (row) setSelectedId(Number(row.dataset.suggestionRow), !pressing.current);
            }}
            onClick={(event) => {
              if (!pressing.current) return;
              pressing.current = false;
              const row =
                event.target instanceof Element ? event.target.closest<HTMLElement>("[data-suggestion-row]") : null;
              if (row) setSelectedId(Number(row.dataset.suggestionRow));
            }}
          >
            <form id={BULK_FORM} action={bulkAction} className={styles.bulkBar} aria-label="Decide ticked suggestions">
              {checkIds.map((id) => (
                <input key={id} type="hidden" name="checkId" value={id} />
              ))}
              <SubmitButton name="intent" value="accept" pending={bulkPending}>
                Accept ticked
              </SubmitButton>
              <SubmitButton name="intent" value="reject" className="button-danger" pending={bulkPending}>
                Reject ticked
              </SubmitButton>
              {checkIds.length > 0 && (
                <SubmitButton name="intent" value="accept-check" className="button-secondary" pending={bulkPending}>
                  Accept all check ({checkIds.length})
                </SubmitButton>
              )}
              <span className={styles.tickCount} aria-live="polite">
                {ticked.size > 0 ? `${ticked.size} ticked` : ""}
              </span>
            </form>
            {GROUPS.map((group) => {
              const items = ordered.filter((s) => s.label === group.label);
              if (items.length === 0) return null;
              return (
                <section key={group.label} aria-labelledby={`group-${group.label}`} className={styles.group}>
                  <h3 id={`group-${group.label}`} className={styles.groupHeading}>
                    <span className={`${styles.label} ${styles[group.label]}`}>
                      <span aria-hidden="true">{group.icon}</span> {group.title}
                    </span>{" "}
                    <span className={styles.groupHint}>— {group.hint}</span> ({items.length})
                  </h3>
                  <ol className={styles.rows}>
                    {items.map((suggestion) => (
                      <SuggestionRow
                        key={suggestion.id}
                        suggestion={suggestion}
                        rank={rank.get(suggestion.id) ?? 0}
                        selected={suggestion.id === selectedId}
                        ticked={ticked.has(suggestion.id)}
                        onTick={onTick}
                      />
                    ))}
                  </ol>
                </section>
              );
            })}
          </div>
        )}
        <details className={styles.shortcuts}>
          <summary>Keyboard shortcuts</summary>
          <ShortcutKeys
            enabled={shortcuts}
            onChange={setShortcuts}
            keys={[
              ...SHORTCUTS,
              {
                key: "Enter",
                label: "Open or close the selected suggestion: its reasons, claimant and accept with edits",
              },
            ]}
            className={styles.keys}
          />
        </details>
      </SuggestionScope>
    </FeedbackScope>
  );
}

function toggled(set: ReadonlySet<number>, id: number, on: boolean): ReadonlySet<number> {
  const next = new Set(set);
  if (on) next.add(id);
  else next.delete(id);
  return next;
}
