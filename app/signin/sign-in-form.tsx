"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useActionState } from "react";
import { SubmitButton, TextField } from "@/app/components/forms";
import { Panel } from "@/app/components/panel";
import { safeCallbackPath } from "@/lib/http/callback-url";

// DESIGN.md, Security rules: the error never says which part was wrong.
const FAILURE = "Email or password is incorrect.";

interface SignInState {
  error: string | null;
  email: string;
}

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  const [state, formAction] = useActionState<SignInState, FormData>(
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
      // Checked again here, against the origin the browser is really on.
      router.push(safeCallbackPath(callbackUrl, window.location.origin));
      router.refresh();
      return { error: null, email };
    },
    { error: null, email: "" },
  );

  return (
    <Panel as="div">
      <form action={formAction} noValidate>
        {state.error && (
          <p role="alert" className="form-alert">
            {state.error}
          </p>
        )}
        <TextField
          id="signin-email"
          name="email"
          label="Email"
          type="email"
          autoComplete="username"
          required
          defaultValue={state.email}
          aria-invalid={state.error ? true : undefined}
        />
        <TextField
          id="signin-password"
          name="password"
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={state.error ? true : undefined}
        />
        <SubmitButton pendingLabel="Signing in…">Sign in</SubmitButton>
      </form>
    </Panel>
  );
}
