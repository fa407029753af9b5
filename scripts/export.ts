// npm run export -- DIR: the full desk export (articles, claims, evidence,
// publications, comments, correction requests, users without credentials,
// the audit log), one JSON Lines file per table and a manifest, written into
// a new directory from one snapshot of the live database; then checked as
// written: every file against its SHA-256 and the audit chain in the exported
// lines. `--verify DIR` checks an export made earlier. Exits 1 when a check fails.
import { parseArgs } from "node:util";
import { SYSTEM_PRINCIPAL } from "@/lib/auth/principal";
import { assertExportDirectory, startDeskExport, verifyExportDirectory, type ExportCheck } from "@/lib/admin/desk-export";
import { runCli, UsageError } from "./cli/cli";

const USAGE = [
  "Usage: npm run export -- DIR            write a desk export into DIR (new or empty), then check it",
  "       npm run export -- --verify DIR   check an export written earlier",
].join("\n");

function report(dir: string, check: ExportCheck): void {
  if (check.ok) {
    console.log(`export in ${dir} verified: ${check.audit.count} audit events, head #${check.audit.headId ?? 0} ${check.audit.headHash}`);
    return;
  }
  console.error(`export in ${dir} does NOT verify:`);
  for (const problem of check.problems) console.error(`  ${problem}`);
  process.exitCode = 1;
}

void runCli(async () => {
  let parsed: { values: { verify?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({
      args: process.argv.slice(2),
      allowPositionals: true,
      strict: true,
      options: { verify: { type: "boolean" } },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), USAGE);
  }
  const [dir, ...extra] = parsed.positionals;
  if (!dir || extra.length > 0) throw new UsageError("Give exactly one directory.", USAGE);
  if (parsed.values.verify) {
    report(dir, await verifyExportDirectory(dir));
    return;
  }
  // Whoever can run this holds the database file already, so it exports as the system (audited as such).
  assertExportDirectory(dir);
  const exported = startDeskExport({ by: SYSTEM_PRINCIPAL });
  const manifest = await exported.writeDirectory(dir);
  for (const file of manifest.files) console.log(`${file.name}: ${file.rows} rows, ${file.bytes} bytes, sha256 ${file.sha256}`);
  report(dir, await verifyExportDirectory(dir));
});
