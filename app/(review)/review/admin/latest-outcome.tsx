"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import type { ActionState } from "@/lib/actions";

const Latest = createContext<{ latest: number; report: (at: number) => void } | null>(null);

/**
 * Groups the user forms of the page so only the newest outcome's password
 * stays on screen: after a reset, the password a creation made earlier (now
 * useless) must not linger beside the new one.
 */
export function LatestOutcomeScope({ children }: { children: ReactNode }) {
  const [latest, setLatest] = useState(0);
  const report = useCallback((at: number) => setLatest((previous) => Math.max(previous, at)), []);
  const value = useMemo(() => ({ latest, report }), [latest, report]);
  return <Latest.Provider value={value}>{children}</Latest.Provider>;
}

/** Whether this state is a success and no form in the scope has succeeded since. */
export function useIsLatestSuccess(state: ActionState): boolean {
  const scope = useContext(Latest);
  const okAt = state.status === "ok" ? state.at : 0;
  useEffect(() => {
    if (okAt > 0) scope?.report(okAt);
  }, [okAt, scope]);
  return okAt > 0 && (!scope || okAt >= scope.latest);
}
