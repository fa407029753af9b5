import "server-only";
import { redirect } from "next/navigation";
import type { SessionUser } from "@/lib/auth/principal";
import { currentUser } from "@/lib/auth/session";

export const ACCOUNT_PATH = "/review/account";

/**
 * The signed-in user, or a redirect to sign in and come back to `path`.
 * Every page of the reviewer area calls it; proxy.ts only guesses from a cookie.
 * Someone whose role must use two-factor sign-in and who has not set it up
 * is sent to their account page first, whatever they asked for (issue #14);
 * lib's authorize() refuses their actions too.
 */
export async function requireUser(path: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(`/signin?${new URLSearchParams({ callbackUrl: path }).toString()}`);
  if (user.twoFactorMissing && path !== ACCOUNT_PATH) redirect(`${ACCOUNT_PATH}?setup=required`);
  return user;
}
