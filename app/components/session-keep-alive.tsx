"use client";

import { usePathname } from "next/navigation";
import { useEffect } from "react";

const EVERY_MS = 5 * 60 * 1000;
let lastPing = 0;

/**
 * Keeps a session in use alive: asking next-auth for the session makes it
 * re-issue the token with a fresh idle expiry. Without this a busy reviewer
 * would be signed out 2 hours after signing in (lib/auth/options.ts).
 */
export function SessionKeepAlive() {
  const pathname = usePathname();
  useEffect(() => {
    if (Date.now() - lastPing < EVERY_MS) return;
    lastPing = Date.now();
    void fetch("/api/auth/session", { credentials: "same-origin", cache: "no-store" }).catch(() => undefined);
  }, [pathname]);
  return null;
}
