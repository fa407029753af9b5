import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { users } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import type { SessionUser } from "@/lib/auth/principal";
import { AppError } from "@/lib/errors";
import { mutate } from "@/lib/mutation";
import { parseInput } from "@/lib/validation";
import { endSessionRows, person } from "./sessions";
import { checkOwnPassword } from "./two-factor";
import { passwordSchema } from "./users";

const newPasswordInput = z
  .object({ newPassword: passwordSchema, confirmPassword: z.string().max(200) })
  .refine((value) => value.newPassword === value.confirmPassword, {
    message: "The two new passwords differ.",
    path: ["confirmPassword"],
  });

/**
 * A person changes their own password: the current one first (throttled like
 * sign-in), then the new one twice. Every other session of theirs ends; this
 * one goes on.
 */
export async function changeOwnPassword(input: {
  by: SessionUser | null;
  currentPassword: unknown;
  newPassword: unknown;
  confirmPassword: unknown;
  sessionId: string | null;
  address?: string;
}): Promise<number> {
  const by = person(input.by);
  const { newPassword } = parseInput(newPasswordInput, input);
  await checkOwnPassword(by, input.currentPassword, input.address, "currentPassword");
  if (newPassword === input.currentPassword) {
    throw new AppError("invalid", "Choose a password other than the current one.", {
      newPassword: ["Same as the current one."],
    });
  }
  const passwordHash = await hashPassword(newPassword);
  return mutate({
    actor: { kind: "user", id: by.id },
    write: (tx) => {
      tx.update(users).set({ passwordHash }).where(eq(users.id, by.id)).run();
      const ended = endSessionRows(tx, by.id, input.sessionId, new Date().toISOString());
      return {
        result: ended,
        audit: {
          action: "user.password_changed",
          entityType: "user",
          entityId: by.id,
          after: { otherSessionsEnded: ended },
        },
      };
    },
  });
}
