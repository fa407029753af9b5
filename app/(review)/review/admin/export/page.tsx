import type { Metadata } from "next";
import { EXPORT_FILES, EXPORT_LEFT_OUT } from "@/lib/admin/desk-export";
import { Panel } from "@/app/components/panel";
import { AdminNav } from "../admin-nav";
import { AdminOnly } from "../admin-only";
import { requireAdmin } from "../require-admin";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Admin: export" };

const FILE_NOTES: Record<string, string> = {
  "articles.jsonl": "every article, with its text",
  "claims.jsonl": "every claim, its working copy and its published snapshot",
  "evidence.jsonl": "every piece of evidence, removed ones included, with page snapshots",
  "publications.jsonl": "every publication, correction and withdrawal",
  "comments.jsonl": "the team's comments, edited and deleted ones included",
  "correction-requests.jsonl": "readers' requests and the desk's answers",
  "users.jsonl": "the desk's people and roles",
  "audit-events.jsonl": "the whole audit log, each event as stored with its hashes",
};

export default async function ExportPage() {
  const admin = await requireAdmin("/review/admin/export");
  if (!admin) return <AdminOnly />;
  return (
    <>
      <AdminNav />
      <h1>Export the desk</h1>
      <p className="lede">
        Everything the desk holds, as one <code>.tar.gz</code> of JSON Lines files, one per table, read from a single
        moment of the database while the desk keeps working. The export is recorded in the audit log under your name.
      </p>
      <Panel aria-labelledby="files-heading">
        <h2 id="files-heading">What is in it</h2>
        <ul>
          {EXPORT_FILES.map((file) => (
            <li key={file}>
              <code>{file}</code>: {FILE_NOTES[file] ?? "one line per row"}
            </li>
          ))}
          <li>
            <code>manifest.json</code>: the rows, bytes and SHA-256 of each file, and the audit chain&apos;s head with
            whether the exported log verifies
          </li>
        </ul>
        <h3>Left out</h3>
        <ul>
          {EXPORT_LEFT_OUT.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        <p>
          <a className="button" href="/review/admin/export/archive" download>
            Download the export
          </a>
        </p>
        <p className="muted">
          The same from the command line: <code>npm run export -- DIR</code> writes the files into a directory and
          checks the audit chain in what it wrote.
        </p>
      </Panel>
    </>
  );
}
