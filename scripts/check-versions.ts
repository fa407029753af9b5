import fs from "node:fs";
import path from "node:path";
import { checkLockFile, VERSION_FLOORS } from "@/lib/security/version-floors";

// Run by CI: fails when package-lock.json holds a core package below its patched floor.
const lockPath = path.resolve(process.cwd(), "package-lock.json");
const problems = checkLockFile(fs.readFileSync(lockPath, "utf8"));
if (problems.length > 0) {
  for (const problem of problems) console.error(`error: ${problem}`);
  process.exit(1);
}
console.log(`versions ok: ${Object.keys(VERSION_FLOORS).join(", ")} at or above their patched floors`);
