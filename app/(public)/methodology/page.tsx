import type { Metadata } from "next";
import Link from "next/link";
import { CLAIM_STATUSES } from "@/db/schema";
import { STANCE_LABELS, STATUS_DEFINITIONS, type StatusDefinition } from "@/lib/claims/rules";
import { publicMetadata } from "@/app/components/page-metadata";
import { StatusBadge } from "@/app/components/status-badge";
import styles from "./methodology.module.css";
import { Panel } from "@/app/components/panel";

// No data: prerendered once at build and served as a static file.
export const dynamic = "force-static";

export const metadata: Metadata = publicMetadata({
  title: "Methodology",
  description:
    "What Claimtrail's verdicts mean (unverified, sourced, disputed), the evidence each one needs, the four-eyes rule, and how corrections work.",
  path: "/methodology",
});

/** What the server demands before a claim may take this status, read from the same fields statusRuleViolation checks. */
function needs(definition: StatusDefinition): string[] {
  const list: string[] = [];
  if (definition.needsStance) {
    list.push(
      `At least one piece of evidence marked “${STANCE_LABELS[definition.needsStance]}”: a source that ${
        definition.needsStance === "supports" ? "backs" : "contradicts"
      } the claim.`,
    );
  }
  if (definition.needsRationale) list.push("A written rationale that explains the verdict.");
  if (list.length === 0) list.push("Nothing: every claim starts here until evidence settles it.");
  return list;
}

export default function MethodologyPage() {
  return (
    <div className="prose">
      <h1>Methodology</h1>
      <p className="lede">
        We take claims made in news reports, check them against sources we can show you, and publish a verdict with the
        evidence behind it and a record of every change. The rules below are the ones our software enforces: a verdict
        that does not meet them cannot be saved.
      </p>

      <section aria-labelledby="verdicts-heading">
        <h2 id="verdicts-heading">What each verdict means</h2>
        <p>A published claim carries exactly one of these verdicts, shown by its word, a colour and an icon.</p>
        <ul className={styles.verdicts}>
          {CLAIM_STATUSES.map((status) => {
            const definition = STATUS_DEFINITIONS[status];
            return (
              <Panel as="li" compact key={status}>
                <h3 className={styles.verdictHeading}>
                  <StatusBadge status={status} />
                </h3>
                <p>{definition.meaning}</p>
                <p className={styles.needsLabel}>What it needs</p>
                <ul>
                  {needs(definition).map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
              </Panel>
            );
          })}
        </ul>
      </section>

      <section aria-labelledby="evidence-heading">
        <h2 id="evidence-heading">Evidence</h2>
        <p>
          Each piece of evidence names its source and publisher, quotes the passage we rely on, and is marked as one of:
        </p>
        <dl className="facts">
          <dt>{STANCE_LABELS.supports}</dt>
          <dd>The source backs the claim.</dd>
          <dt>{STANCE_LABELS.contradicts}</dt>
          <dd>The source contradicts the claim.</dd>
          <dt>{STANCE_LABELS.context}</dt>
          <dd>The source neither backs nor contradicts it, but helps to read it.</dd>
        </dl>
        <p>
          Attribution is not truth. “The ministry said X” can be sourced as a statement while X itself is disputed, so
          each claim names who made it and who reported it, and the verdict says which of the two we checked.
        </p>
      </section>

      <section aria-labelledby="four-eyes-heading">
        <h2 id="four-eyes-heading">Four eyes before publication</h2>
        <p>
          A fact-checker sets a verdict with its rationale and evidence. An editor then publishes it, and that editor
          may never be the person who set the verdict. Until then the claim is not shown here at all.
        </p>
      </section>

      <section aria-labelledby="corrections-heading">
        <h2 id="corrections-heading">Corrections policy</h2>
        <p>
          When new evidence changes a published verdict, we publish the new verdict as a correction, with the reason.
          Nothing is silently rewritten: each claim page lists every verdict it has carried with its date and reason,
          and the <Link href="/corrections">corrections log</Link> lists every change of a published verdict, newest
          first. A verdict withdrawn from publication is listed there too.
        </p>
      </section>

      <section aria-labelledby="ask-heading">
        <h2 id="ask-heading">How to ask for a correction</h2>
        <p>
          Every claim page ends with a form, “Ask for a correction”. Tell us what you think is wrong and, if you can,
          point to a source. An email address is optional; give one if you would like an answer. Your request goes to
          our editors only and is never published. To stop abuse we limit how many requests one network address can
          send, keeping only a keyed hash of the address, never the address itself.
        </p>
      </section>
    </div>
  );
}
