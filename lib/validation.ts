import type { z } from "zod";
import { AppError } from "./errors";

/** Parses outside input with a zod schema, or throws an "invalid" AppError carrying per-field messages. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length > 0 ? issue.path.join(".") : "_";
    (fieldErrors[key] ??= []).push(issue.message);
  }
  const first = result.error.issues[0]?.message ?? "Invalid input.";
  const message = Object.keys(fieldErrors).length > 1 ? "Please correct the highlighted fields." : first;
  throw new AppError("invalid", message, fieldErrors);
}

/**
 * The shape a data-access function accepts from callers: the schema's keys,
 * each of any type, because the function parses them itself. Forms hand over
 * FormData values and scripts typed values through the same door.
 */
export type Loose<S extends z.ZodType> = { [K in keyof z.input<S>]?: unknown };

/**
 * JSON the app stored itself (an audit event's `after`, a rate limit row's
 * `data`) read back through `schema`: undefined when it is absent, not JSON,
 * or not what the schema says, so an old or damaged row reads as none.
 */
export function parseStoredJson<T>(schema: z.ZodType<T>, text: string | null): T | undefined {
  if (text === null) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
