import type { Metadata } from "next";
import Link from "next/link";
import { formatDate } from "@/app/components/format";
import { publicMetadata } from "@/app/components/page-metadata";
import { PlainText } from "@/app/components/plain-text";
import { aboutSections } from "../published-cache";
import styles from "./about.module.css";

// Per request through the data cache: the text is in the database, which
// `next build` must never open; an admin's edit expires the cache at once.
export const dynamic = "force-dynamic";

export const metadata: Metadata = publicMetadata({
  title: "About us",
  description:
    "Who runs this fact-checking desk, who is on the team, who owns and funds it, how we correct our verdicts and how to complain.",
  path: "/about",
});

export default async function AboutPage() {
  const sections = await aboutSections();
  return (
    <div className="prose">
      <h1>About us</h1>
      <p className="lede">
        Who we are, who pays for our work and how to hold us to it. How we reach a verdict is in{" "}
        <Link href="/methodology">our methodology</Link>, every change to a published verdict is on{" "}
        <Link href="/corrections">the corrections page</Link>, and <Link href="/transparency">our public record</Link>{" "}
        lets anyone check that our audit log was never rewritten.
      </p>
      {sections.length === 0 ? (
        <p className="empty">This page has not been written yet.</p>
      ) : (
        <>
          <nav aria-labelledby="about-contents" className={styles.contents}>
            <h2 id="about-contents" className={styles.contentsHeading}>
              On this page
            </h2>
            <ul>
              {sections.map((section) => (
                <li key={section.key}>
                  <a href={`#${section.anchor}`}>{section.title}</a>
                </li>
              ))}
            </ul>
          </nav>
          {sections.map((section) => (
            <section key={section.key} aria-labelledby={section.anchor} className={styles.section}>
              <h2 id={section.anchor}>{section.title}</h2>
              <PlainText body={section.body} />
              {section.key === "complaints" && (
                // Fixed, whatever the admin wrote: where a request goes and where its outcome shows.
                <p className={styles.standing}>
                  Every claim page has a form to ask for a correction (
                  <Link href="/methodology#ask-heading">how correction requests work</Link>); every change we make to a
                  published verdict is on <Link href="/corrections">the corrections page</Link>, with its reason.
                </p>
              )}
              <p className={styles.updated}>
                Last updated <time dateTime={section.updatedAt}>{formatDate(section.updatedAt)}</time>
              </p>
            </section>
          ))}
        </>
      )}
    </div>
  );
}
