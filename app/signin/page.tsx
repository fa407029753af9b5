import type { Metadata } from "next";
import { z } from "zod";
import { publicMetadata } from "@/app/components/page-metadata";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = publicMetadata({
  title: "Sign in",
  description: "Sign in to Claimtrail's reviewer area. Readers do not need an account.",
  path: "/signin",
  noindex: true,
});

// Only a path on this site: "/x" but never "//host" or "/\host", which browsers treat as another origin.
const callbackUrlSchema = z
  .string()
  .regex(/^\/(?![/\\])/)
  .max(2000)
  .catch("/review");

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
      <SignInForm callbackUrl={callbackUrlSchema.parse(callbackUrl)} />
    </div>
  );
}
