// A meeting point for processes that must start something together (the
// shared-limits tests): each party leaves a mark in one folder, then waits
// until every party's mark is there.
import fs from "node:fs";
import path from "node:path";

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function meet(folder: string, parties: number, name = String(process.pid)): Promise<void> {
  fs.writeFileSync(path.join(folder, `ready-${name}`), "");
  // performance.now(), not Date.now(): a test may have stopped the date.
  const deadline = performance.now() + 30_000;
  while (fs.readdirSync(folder).filter((entry) => entry.startsWith("ready-")).length < parties) {
    if (performance.now() > deadline) throw new Error(`only some of ${parties} parties reached ${folder}`);
    await pause(5);
  }
}
