import fs from "node:fs";

export interface ProcessEntry {
  pid: number;
  ppid: number;
  pgid: number;
}

/**
 * Every process on the machine with its parent and process group, from
 * /proc/<pid>/stat (Linux, like every machine the tests and the bench run on).
 * The command name sits in parentheses and may hold spaces, so the fields are
 * read after its closing one. Processes that end while we look are left out.
 */
export function listProcesses(): ProcessEntry[] {
  const found: ProcessEntry[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      // state, ppid, pgid, ...
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      found.push({ pid: Number(entry), ppid: Number(fields[1]), pgid: Number(fields[2]) });
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/** The command line of `pid` (its arguments joined by spaces), or "" once it has ended. */
export function commandLine(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
  } catch {
    return "";
  }
}
