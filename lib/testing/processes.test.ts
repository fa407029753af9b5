import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { commandLine, listProcesses } from "./processes";

describe("listProcesses", () => {
  it("finds a child by its parent and group, and reads its command line", async () => {
    const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)", "marker-for-the-process-list"], { detached: true });
    try {
      await new Promise((resolve) => child.once("spawn", resolve));
      const entry = listProcesses().find((each) => each.pid === child.pid);
      // detached: the child leads a process group of its own.
      expect(entry).toEqual({ pid: child.pid, ppid: process.pid, pgid: child.pid });
      expect(commandLine(child.pid!)).toContain("marker-for-the-process-list");
    } finally {
      child.kill("SIGKILL");
    }
    await new Promise((resolve) => child.once("exit", resolve));
    expect(commandLine(child.pid!)).toBe("");
  });
});
