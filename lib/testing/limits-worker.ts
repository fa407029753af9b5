// A separate process that spends from the app's rate limits, for the tests
// that show the limits are shared between processes (lib/limits/shared.test.ts).
// Run with tsx against the parent's DATABASE_URL (lib/testing/run-script.ts).
//
//   sign-in EMAIL PASSWORD ADDRESS ATTEMPTS NOW [BARRIER PARTIES]
//     makes ATTEMPTS sign-ins at once through the app's own signIn(), with the
//     clock (Date.now) stopped at NOW as in the tests' own process, and prints
//     "signed-in N failed M"; with a BARRIER, only once PARTIES have met there.
//   hammer KEY ADDRESS ATTEMPTS NOW BARRIER PARTIES
//     waits until PARTIES workers have reached the folder BARRIER, then makes
//     ATTEMPTS rounds of checks at the fixed moment NOW, one of each limiter a
//     round, for KEY (an account, a person) from ADDRESS, and prints as JSON
//     how many each allowed (for the audit windows: how many opened one).
import fs from "node:fs";
import { z } from "zod";
import { loginFailureWindows } from "@/lib/auth/login-audit";
import { loginThrottles, secondFactorThrottles } from "@/lib/auth/login-throttle";
import { EVIDENCE_FETCH_BUDGET } from "@/lib/evidence/fetch-budget";
import { meet } from "@/lib/testing/barrier";
import { authenticate } from "@/lib/users/users";

const LIMITERS = ["sign-in", "code", "fetch", "audit-window"] as const;
type Limiter = (typeof LIMITERS)[number];

const say = (line: string) => fs.writeSync(1, `${line}\n`);

const signInArgs = z.object({
  mode: z.literal("sign-in"),
  email: z.string().min(1),
  password: z.string().min(1),
  address: z.string().min(1),
  attempts: z.coerce.number().int().positive(),
  now: z.coerce.number().int().positive(),
  barrier: z.string().min(1).optional(),
  parties: z.coerce.number().int().positive().optional(),
});
const hammerArgs = z.object({
  mode: z.literal("hammer"),
  key: z.string().min(1),
  address: z.string().min(1),
  attempts: z.coerce.number().int().positive(),
  now: z.coerce.number().int().nonnegative(),
  barrier: z.string().min(1),
  parties: z.coerce.number().int().positive(),
});

function check(limiter: Limiter, key: string, address: string, now: number): boolean {
  switch (limiter) {
    case "sign-in":
      return loginThrottles().begin({ account: key, address }, now).allowed;
    case "code":
      return secondFactorThrottles().begin({ account: key, address }, now).allowed;
    case "fetch":
      return EVIDENCE_FETCH_BUDGET.take(key, now) === 0;
    case "audit-window":
      return loginFailureWindows().count(key, "failed", now) !== null;
  }
}

async function main(argv: readonly string[]): Promise<void> {
  if (argv[0] === "sign-in") {
    const args = signInArgs.parse({
      mode: argv[0],
      email: argv[1],
      password: argv[2],
      address: argv[3],
      attempts: argv[4],
      now: argv[5],
      barrier: argv[6],
      parties: argv[7],
    });
    // The limits read the clock through Date.now(); timers stay real, so a slow-down really waits.
    Date.now = () => args.now;
    if (args.barrier) await meet(args.barrier, args.parties ?? 1);
    const answers = await Promise.all(
      Array.from({ length: args.attempts }, () =>
        authenticate({ email: args.email, password: args.password, address: args.address }),
      ),
    );
    const signedIn = answers.filter((answer) => answer !== null).length;
    say(`signed-in ${signedIn} failed ${args.attempts - signedIn}`);
    return;
  }
  const args = hammerArgs.parse({
    mode: argv[0],
    key: argv[1],
    address: argv[2],
    attempts: argv[3],
    now: argv[4],
    barrier: argv[5],
    parties: argv[6],
  });
  await meet(args.barrier, args.parties);
  const allowed: Record<Limiter, number> = { "sign-in": 0, code: 0, fetch: 0, "audit-window": 0 };
  for (let n = 0; n < args.attempts; n += 1) {
    for (const limiter of LIMITERS) if (check(limiter, args.key, args.address, args.now)) allowed[limiter] += 1;
  }
  say(JSON.stringify(allowed));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
