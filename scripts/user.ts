// npm run user -- <command>: account administration from the command line.
// Whoever can run this already holds the database file, so it acts as SYSTEM;
// every change still goes through lib/users and writes its audit event.
import { z } from "zod";
import { generatePassword } from "@/lib/auth/password";
import { SYSTEM_PRINCIPAL } from "@/lib/auth/principal";
import {
  createUser,
  emailSchema,
  listUsers,
  resetPassword,
  roleSchema,
  setUserDisabled,
  setUserRole,
  type UserSummary,
} from "@/lib/users/users";
import { parseOptions, readSecretFromStdin, runCli, UsageError } from "./cli/cli";

const USAGE = `Usage: npm run user -- <command> [options]

Commands:
  create --email E --name N --role R   add an account (role: reviewer, editor or admin)
  disable --email E                    block sign-in and end the user's sessions
  enable --email E                     allow sign-in again
  set-role --email E --role R          change an account's role
  reset-password --email E             set a new password and end the user's sessions
  list                                 show every account

create and reset-password read the password from stdin when one is piped in
(a single line), e.g.  printf '%s\\n' "$PASSWORD" | npm run user -- create ...
Otherwise they generate a password and print it once.`;

const email = { type: "string" } as const;
const role = { type: "string" } as const;

async function passwordOrGenerated(): Promise<{ password: string; generated: boolean }> {
  const piped = await readSecretFromStdin();
  return piped === null ? { password: generatePassword(), generated: true } : { password: piped, generated: false };
}

function printGenerated(password: string): void {
  console.log(`Generated password (shown once, copy it now): ${password}`);
}

function describe(user: UserSummary): string {
  return `${user.email} (${user.name}, ${user.role}${user.disabled ? ", disabled" : ""})`;
}

async function main(argv: string[]): Promise<void> {
  const [command, ...args] = argv;
  const by = SYSTEM_PRINCIPAL;
  switch (command) {
    case "create": {
      const input = parseOptions(
        args,
        { email, name: { type: "string" }, role },
        z.object({ email: emailSchema, name: z.string().trim().min(1, "Name is required."), role: roleSchema }),
        USAGE,
      );
      const { password, generated } = await passwordOrGenerated();
      const user = await createUser({ by, ...input, password });
      console.log(`Created ${describe(user)}, id ${user.id}.`);
      if (generated) printGenerated(password);
      return;
    }
    case "disable":
    case "enable": {
      const input = parseOptions(args, { email }, z.object({ email: emailSchema }), USAGE);
      const user = await setUserDisabled({ by, email: input.email, disabled: command === "disable" });
      console.log(command === "disable" ? `Disabled ${describe(user)}; their sessions have ended.` : `Enabled ${describe(user)}.`);
      return;
    }
    case "set-role": {
      const input = parseOptions(args, { email, role }, z.object({ email: emailSchema, role: roleSchema }), USAGE);
      const user = await setUserRole({ by, ...input });
      console.log(`Role set: ${describe(user)}.`);
      return;
    }
    case "reset-password": {
      const input = parseOptions(args, { email }, z.object({ email: emailSchema }), USAGE);
      const { password, generated } = await passwordOrGenerated();
      const user = await resetPassword({ by, email: input.email, password });
      console.log(`Password reset for ${describe(user)}; their sessions have ended.`);
      if (generated) printGenerated(password);
      return;
    }
    case "list": {
      parseOptions(args, {}, z.object({}), USAGE);
      const rows = listUsers({ by }).map((u) => [String(u.id), u.email, u.name, u.role, u.disabled ? "disabled" : "active"]);
      const table = [["id", "email", "name", "role", "status"], ...rows];
      const widths = table[0]?.map((_, i) => Math.max(...table.map((r) => (r[i] ?? "").length))) ?? [];
      for (const row of table) console.log(row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  ").trimEnd());
      if (rows.length === 0) console.log("(no accounts yet)");
      return;
    }
    case "help":
    case "--help":
    case "-h":
      console.log(USAGE);
      return;
    case undefined:
      throw new UsageError("Say which command to run.", USAGE);
    default:
      throw new UsageError(`Unknown command "${command}".`, USAGE);
  }
}

void runCli(() => main(process.argv.slice(2)));
