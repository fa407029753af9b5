"use client";

import { usePathname } from "next/navigation";
import { useEffect } from "react";

const EVERY_MS = 5 * 60 * 1000;
const STORAGE_KEY = "claimtrail:session-ping";
let lastPing = 0;

/**
 * When this browser last asked, kept across page loads and tabs: each answer
 * re-issues the session cookie, and a new cookie is a new page for the
 * server's kept review queues (lib/http/page-cache.ts), so one ask every few
 * minutes, not one per page load. Falls back to this page's memory where
 * storage is refused.
 */
function lastPingAt(): number {
  try {
    return Math.max(lastPing, Number(window.localStorage.getItem(STORAGE_KEY)) || 0);
  } catch {
    return lastPing;
  }
}

function notePing(at: number): void {
  lastPing = at;
  try {
    window.localStorage.setItem(STORAGE_KEY, String(at));
  } catch {
    // Storage refused (a private window's quota, a policy): this page's memory still counts.
  }
}

/**
 * Keeps a session in use alive: asking next-auth for the session makes it
 * re-issue the token with a fresh idle expiry. Without this a busy reviewer
 * would be signed out 2 hours after signing in (lib/auth/options.ts).
 */
export function SessionKeepAlive() {
  const pathname = usePathname();
  useEffect(() => {
    const now = Date.now();
    const last = lastPingAt();
    // A time ahead of the clock (the clock was set back) counts as none.
    if (last <= now && now - last < EVERY_MS) return;
    notePing(now);
    void fetch("/api/auth/session", { credentials: "same-origin", cache: "no-store" }).catch(() => undefined);
  }, [pathname]);
  return null;
}
