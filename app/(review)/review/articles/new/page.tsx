import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "../../../require-user";
import { IntakeForm } from "./intake-form";
import styles from "../articles.module.css";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "New article" };

export default async function NewArticlePage() {
  await requireUser("/review/articles/new");
  return (
    <>
      <p className={styles.crumbs}>
        <Link href="/review/articles">Articles</Link>
      </p>
      <h1>New article</h1>
      <p className="lede">
        Bring in a news article from its address, or paste its text. Claimtrail reads it and suggests the sentences
        worth checking, with the reasons and who made each claim; you accept, edit or reject them, or mark any other
        words as a claim.
      </p>
      <IntakeForm />
    </>
  );
}
