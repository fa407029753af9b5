import "server-only";
import { redirect } from "next/navigation";
import type { SessionUser } from "@/lib/auth/principal";
import { currentUser } from "@/lib/auth/session";

/**
 * The signed-in user, or a redirect to sign in and come back to `path`.
 * Every page of the reviewer area calls it; proxy.ts only guesses from a cookie.
 */
export async function requireUser(path: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(`/signin?${new URLSearchParams({ callbackUrl: path }).toString()}`);
  return user;
}
