"use client";

import { useState } from "react";

// next-auth's REST endpoints (csrf, then signout) rather than next-auth/react:
// this button is in the header of every reviewer page, and the client library
// would add about 12 kB of gzipped JavaScript to each of them.
async function endSession(): Promise<void> {
  const csrf: unknown = await (await fetch("/api/auth/csrf")).json();
  const csrfToken =
    typeof csrf === "object" && csrf !== null && "csrfToken" in csrf && typeof csrf.csrfToken === "string"
      ? csrf.csrfToken
      : "";
  await fetch("/api/auth/signout", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, json: "true" }),
  });
}

export function SignOutButton() {
  const [pending, setPending] = useState(false);

  async function handleClick() {
    setPending(true);
    try {
      await endSession();
    } finally {
      // A full load, so no page keeps showing what only a signed-in user may see.
      window.location.assign("/");
    }
  }

  return (
    <button type="button" className="button-secondary" onClick={handleClick} disabled={pending}>
      {pending ? "Signing out…" : "Sign out"}
    </button>
  );
}
