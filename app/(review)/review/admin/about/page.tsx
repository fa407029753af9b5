import type { Metadata } from "next";
import Link from "next/link";
import { ABOUT_SECTION_MAX, listAboutSectionsForEditing } from "@/lib/admin/about";
import { FeedbackScope } from "@/app/components/forms";
import { AdminNav } from "../admin-nav";
import { AdminOnly } from "../admin-only";
import { requireAdmin } from "../require-admin";
import { AboutSectionForm } from "./about-section-form";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Admin: about page" };

export default async function AdminAboutPage() {
  const admin = await requireAdmin("/review/admin/about");
  if (!admin) return <AdminOnly />;
  const sections = listAboutSectionsForEditing({ by: admin });
  const missing = sections.filter((s) => s.body.trim() === "").length;

  return (
    <>
      <AdminNav />
      <h1>About page</h1>
      <p className="lede">
        What readers and assessors learn about the desk at <Link href="/about">/about</Link>: who you are, who works
        here, who owns and funds you, how you correct and how to complain. Each save is recorded in the audit log with
        the text before and after.
      </p>
      {missing > 0 && (
        <p className="notice">
          {missing === 1 ? "One section is" : `${missing} sections are`} not yet written and hidden from readers.
        </p>
      )}
      <FeedbackScope>
        {sections.map((section) => (
          <AboutSectionForm key={section.key} section={{ ...section, max: ABOUT_SECTION_MAX }} />
        ))}
      </FeedbackScope>
    </>
  );
}
