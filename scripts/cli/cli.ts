import { text } from "node:stream/consumers";
import { parseArgs, type ParseArgsConfig } from "node:util";
import type { z } from "zod";
import { closeDb } from "@/db/client";
import { isAppError } from "@/lib/errors";

/** The command was called wrongly: printed with its usage text, exit code 2, nothing changed. */
export class UsageError extends Error {
  readonly usage: string | undefined;

  constructor(message: string, usage?: string) {
    super(message);
    this.name = "UsageError";
    this.usage = usage;
  }
}

export type OptionSpec = NonNullable<ParseArgsConfig["options"]>;

/**
 * Parses `args` strictly (unknown options and stray words are refused) and
 * then with a zod schema (DESIGN.md: CLI arguments are outside input).
 * A missing option reads "--email is required." rather than zod's type message.
 */
export function parseOptions<S extends z.ZodType>(args: string[], options: OptionSpec, schema: S, usage: string): z.output<S> {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), usage);
  }
  const result = schema.safeParse(values);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const key = issue?.path[0];
  if (typeof key !== "string") throw new UsageError(issue?.message ?? "Invalid arguments.", usage);
  throw new UsageError(values[key] === undefined ? `--${key} is required.` : `--${key}: ${issue?.message}`, usage);
}

/**
 * A secret piped in on stdin, without one trailing newline; null when stdin
 * is a terminal or empty, so the caller generates one instead.
 */
export async function readSecretFromStdin(): Promise<string | null> {
  if (process.stdin.isTTY) return null;
  const input = await text(process.stdin);
  if (input.length === 0) return null;
  const secret = input.replace(/\r?\n$/, "");
  if (/[\r\n]/.test(secret)) throw new UsageError("The password on stdin must be a single line.");
  return secret;
}

/**
 * Runs a script's main function and turns failures into exit codes:
 * 2 for usage errors, 1 for expected failures from lib (AppError) and for bugs.
 * The database connection is closed either way.
 */
export async function runCli(main: () => unknown): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`error: ${error.message}`);
      if (error.usage) console.error(`\n${error.usage}`);
      process.exitCode = 2;
    } else if (isAppError(error)) {
      console.error(`error: ${error.message}`);
      const fields = Object.entries(error.fieldErrors);
      if (fields.length > 1) for (const [field, messages] of fields) console.error(`  ${field}: ${messages.join(" ")}`);
      process.exitCode = 1;
    } else {
      console.error(error);
      process.exitCode = 1;
    }
  } finally {
    closeDb();
  }
}
