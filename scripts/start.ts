// npm start: the whole set-up a new user sees (DESIGN.md, Set-up). Makes the
// session secret, migrates, loads the demo desk into an empty database,
// builds when .next is not a build of the current sources, then serves.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { closeDb, getConnection } from "@/db/client";
import { PRIVATE_DIR_MODE } from "@/db/private-files";
import { authSecret } from "@/lib/auth/secret";
import { writesRefused } from "@/lib/audit/guard";
import { countClaims } from "@/lib/claims/claims";
import { seedDemoDesk } from "@/lib/demo/demo-desk";
import { countUsers } from "@/lib/users/users";
import { parseOptions, runCli, UsageError } from "./cli/cli";
import { loginsBox, type Login } from "./cli/logins";
import { decideBuild, writeStamp } from "./start/build-stamp";
import { startCluster } from "./start/cluster";
import { serverEnv, serverSettings } from "./start/settings";

const USAGE = `Usage: npm start [-- --prepare-only]

Serves Claimtrail on http://localhost:$PORT (PORT defaults to 3000; set
HOST to listen on one address only) with one server process per core
(WEB_CONCURRENCY sets how many). Before serving it creates the session
secret, migrates ./data (or DATABASE_URL), loads the demo desk into an
empty database and builds when the sources changed since the last build.
Behind a reverse proxy, set TRUST_PROXY (README, Deploying).

  --prepare-only   do everything up to the build, report whether a build is
                   needed, and stop without building or serving`;

const root = process.cwd();
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
const SERVER_ANSWER_TIMEOUT_MS = 120_000;

function say(message: string): void {
  console.log(`claimtrail: ${message}`);
}

/** Runs `next <args>` (the build) with our stdio, passing SIGINT/SIGTERM on; resolves with an exit code. */
function runNext(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, ...args], { stdio: "inherit", env });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on("SIGINT", forward);
    process.on("SIGTERM", forward);
    const stopForwarding = () => {
      process.off("SIGINT", forward);
      process.off("SIGTERM", forward);
    };
    child.once("error", (error) => {
      stopForwarding();
      reject(error);
    });
    child.once("exit", (code, signal) => {
      stopForwarding();
      resolve(code ?? 128 + (signal ? os.constants.signals[signal] : 0));
    });
  });
}

/** Steps (a)–(c): secret, migrations, demo desk. Returns the demo logins when the desk was just loaded. */
async function prepareData(): Promise<Login[]> {
  // data/ holds the secret, the database and its backups: the owner's only.
  fs.mkdirSync(path.join(root, "data"), { recursive: true, mode: PRIVATE_DIR_MODE });
  fs.chmodSync(path.join(root, "data"), PRIVATE_DIR_MODE);
  authSecret();
  const { file } = getConnection();
  const shown = file.startsWith(root + path.sep) ? path.relative(root, file) : file;
  say(`database ${shown}: migrations applied`);
  // Logged now rather than at the first write: a database without its audit triggers takes no writes.
  writesRefused();
  if (countUsers() > 0 || countClaims() > 0) return [];
  say("the database is empty: loading the demo desk");
  const demo = await seedDemoDesk({ history: true });
  return demo.logins;
}

function printLogins(logins: Login[]): void {
  if (logins.length === 0) return;
  console.log(
    loginsBox("Demo accounts (passwords are shown only on this first start):", logins, "Sign in at /signin."),
  );
}

async function main(): Promise<void> {
  const options = parseOptions(
    process.argv.slice(2),
    { "prepare-only": { type: "boolean" } },
    z.object({ "prepare-only": z.boolean().optional() }),
    USAGE,
  );
  const parsed = serverSettings(process.env, os.availableParallelism());
  if (!parsed.ok) throw new UsageError(parsed.error);
  const { settings } = parsed;
  const env = serverEnv(process.env, settings);

  const logins = await prepareData();
  printLogins(logins);
  // Each server process opens its own connection; this one is done with the database.
  closeDb();

  const build = decideBuild(root);
  if (options["prepare-only"]) {
    say(build.reason ? `a build is needed: ${build.reason}` : "the build in .next is current");
    return;
  }
  if (build.reason) {
    say(`building, because ${build.reason}`);
    const code = await runNext(["build"], env);
    if (code !== 0) {
      console.error(`claimtrail: next build failed (exit code ${code}).`);
      process.exitCode = code;
      return;
    }
    writeStamp(root, build.sourceHash);
  } else {
    say("the build in .next is current");
  }

  let ready = false;
  const running = startCluster({
    workers: settings.workers,
    env,
    onReady: () => {
      ready = true;
      const processes = settings.workers === 1 ? "one server process" : `${settings.workers} server processes`;
      console.log(`\nClaimtrail is running at ${settings.url} (${processes})\n`);
      printLogins(logins);
    },
  });
  const slowStart = setTimeout(() => {
    if (!ready) console.error(`claimtrail: the server has not answered on ${settings.url} yet; it keeps starting.`);
  }, SERVER_ANSWER_TIMEOUT_MS);
  void running.done.then(() => clearTimeout(slowStart));
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void running.stop());
  process.exitCode = await running.done;
}

void runCli(main);
