import { expect } from "vitest";
import { AppError } from "@/lib/errors";

/** Runs `fn`, which must throw the expected AppError (and message, when given); returns the error. */
export function expectAppError(fn: () => unknown, code: AppError["code"], message?: RegExp): AppError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe(code);
    if (message) expect((error as AppError).message).toMatch(message);
    return error as AppError;
  }
  throw new Error(`expected an AppError "${code}", but nothing was thrown`);
}
