import { z } from "zod";

/*
 * Parameter parsing shared by the public pages (lenient: a bad value falls
 * back to its default) and the JSON API (strict: a bad value is a 400).
 */

/** An empty field from a GET form (`?status=`) means "not given", not an error. */
export function optionalParam<S extends z.ZodType>(schema: S) {
  return z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? undefined : value), schema.optional());
}

/** A whole number written in digits, from `min` to `max`: "1e1", "0x10", "1.5" and " 5" are refused. */
export function wholeNumber(min: number, max: number, message: string) {
  return z
    .string({ message })
    .regex(/^\d{1,9}$/, message)
    .transform(Number)
    .pipe(z.number().int().min(min, message).max(max, message));
}

/**
 * One parameter read leniently, as a page reads its searchParams: the first of
 * repeated values, numbers taken as their digits, and undefined for anything
 * that does not parse.
 */
export function lenientParam<S extends z.ZodType>(schema: S, value: unknown): z.output<S> | undefined {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  const parsed = schema.safeParse(typeof first === "number" ? String(first) : first);
  return parsed.success ? parsed.data : undefined;
}
