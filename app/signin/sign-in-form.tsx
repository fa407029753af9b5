"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useActionState, useEffect, useRef } from "react";
import { SubmitButton, TextField } from "@/app/components/forms";
import { Panel } from "@/app/components/panel";
import { safeCallbackPath } from "@/lib/http/callback-url";

// DESIGN.md, Security rules: the error never says which part was wrong.
const FAILURE = "Email or password is incorrect.";
const CODE_REFUSED =
  "That code did not work. Use the newest code from your app (or an unused recovery code); after several wrong tries, wait a few minutes.";
// lib/auth/options.ts: what the credentials provider answers the right password of an account with two-factor sign-in.
const CODE_NEEDED_ERROR = "CodeNeeded";
const CODE_REFUSED_ERROR = "CodeRefused";

interface SignInState {
  step: "password" | "code";
  error: string | null;
  email: string;
}

/**
 * Email and password, then, for an account with two-factor sign-in, a code.
 * The password is kept in memory between the steps (never in the page) and
 * sent again with the code: the server checks both together each time.
 */
export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  const password = useRef("");
  const [state, formAction] = useActionState<SignInState, FormData>(
    async (previous, formData) => {
      const email = previous.step === "code" ? previous.email : String(formData.get("email") ?? "");
      if (previous.step === "password") password.current = String(formData.get("password") ?? "");
      const code = previous.step === "code" ? String(formData.get("code") ?? "") : "";
      try {
        const result = await signIn("credentials", {
          email,
          password: password.current,
          ...(code ? { code } : {}),
          redirect: false,
        });
        if (result?.error === CODE_NEEDED_ERROR) return { step: "code", error: null, email };
        if (result?.error === CODE_REFUSED_ERROR) return { step: "code", error: CODE_REFUSED, email };
        if (!result?.ok || result.error) {
          password.current = "";
          return { step: "password", error: FAILURE, email };
        }
      } catch {
        return { ...previous, error: previous.step === "code" ? CODE_REFUSED : FAILURE, email };
      }
      password.current = "";
      // Checked again here, against the origin the browser is really on.
      router.push(safeCallbackPath(callbackUrl, window.location.origin));
      router.refresh();
      return { step: previous.step, error: null, email };
    },
    { step: "password", error: null, email: "" },
  );

  useEffect(() => {
    // The code field replaces the password form: focus follows it, so keyboard and screen-reader users land there.
    if (state.step === "code") document.getElementById("signin-code")?.focus();
  }, [state]);

  if (state.step === "code") {
    return (
      <Panel as="div">
        <form action={formAction} noValidate>
          {state.error && (
            <p role="alert" className="form-alert">
              {state.error}
            </p>
          )}
          <p>
            Two-factor sign-in is on for <strong>{state.email}</strong>. Enter the six-digit code your authenticator
            app shows now.
          </p>
          <TextField
            id="signin-code"
            name="code"
            label="Code"
            hint="Lost your phone? Enter one of your recovery codes here instead."
            inputMode="text"
            autoComplete="one-time-code"
            autoCapitalize="none"
            spellCheck={false}
            maxLength={40}
            required
            aria-invalid={state.error ? true : undefined}
          />
          <SubmitButton pendingLabel="Checking…">Verify code</SubmitButton>
        </form>
      </Panel>
    );
  }

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
