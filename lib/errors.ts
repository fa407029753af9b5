/**
 * One error type for expected failures. The code decides the HTTP status and
 * whether the message may reach the user; anything else that is thrown is a
 * bug and ends in error.tsx with its details in the server log only.
 */
export type AppErrorCode = "unauthenticated" | "forbidden" | "not_found" | "invalid" | "conflict" | "rule" | "unavailable";

const STATUS: Record<AppErrorCode, number> = {
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  invalid: 400,
  conflict: 409,
  rule: 422,
  unavailable: 503,
};

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly fieldErrors: Record<string, string[]>;

  constructor(code: AppErrorCode, message: string, fieldErrors: Record<string, string[]> = {}) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.fieldErrors = fieldErrors;
  }

  get status(): number {
    return STATUS[this.code];
  }
}

/** Refused because someone else changed the claim since the page was loaded. */
export class ConflictError<T> extends AppError {
  readonly current: T;

  constructor(message: string, current: T) {
    super("conflict", message);
    this.current = current;
  }
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;
