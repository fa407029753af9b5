import type { Metadata } from "next";
import { publicMetadata } from "@/app/components/page-metadata";
import { safeCallbackPath, signInOrigin } from "@/lib/http/callback-url";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = publicMetadata({
  title: "Sign in",
  description: "Sign in to Claimtrail's reviewer area. Readers do not need an account.",
  path: "/signin",
  noindex: true,
});

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { callbackUrl } = await searchParams;
  return (
    <div className="prose">
      <h1>Sign in</h1>
      <p className="muted">For fact-checkers and editors of this desk. Readers do not need an account.</p>
      <SignInForm callbackUrl={safeCallbackPath(callbackUrl, signInOrigin())} />
    </div>
  );
}
