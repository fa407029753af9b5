"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useActionState } from "react";

// DESIGN.md, Security rules: the error never says which part was wrong.
const FAILURE = "Email or password is incorrect.";

interface SignInState {
  error: string | null;
  email: string;
}

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  const [state, formAction, pending] = useActionState<SignInState, FormData>(
    async (_previous, formData) => {
      const email = String(formData.get("email") ?? "");
      const password = String(formData.get("password") ?? "");
      try {
        const result = await signIn("credentials", {
          email,
          password,
          redirect: false,
        });
        if (!result?.ok || result.error) return { error: FAILURE, email };
      } catch {
        return { error: FAILURE, email };
      }
      router.push(callbackUrl);
      router.refresh();
      return { error: null, email };
    },
    { error: null, email: "" },
  );

  return (
    <form action={formAction} className="panel" noValidate>
      {state.error && (
        <p role="alert" className="form-alert">
          {state.error}
        </p>
      )}
      <div className="field">
        <label htmlFor="signin-email">Email</label>
        <input
          id="signin-email"
          name="email"
          type="email"
          autoComplete="username"
          required
          defaultValue={state.email}
          aria-invalid={state.error ? true : undefined}
        />
      </div>
      <div className="field">
        <label htmlFor="signin-password">Password</label>
        <input
          id="signin-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={state.error ? true : undefined}
        />
      </div>
      <button type="submit" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
