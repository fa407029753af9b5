"use client";

import { useActionState } from "react";
import { FormFeedback, SubmitButton } from "@/app/components/forms";
import { formatDateTime } from "@/app/components/format";
import { Panel } from "@/app/components/panel";
import { endOtherSessionsAction, endSessionAction } from "./actions";
import styles from "./account.module.css";

export interface SessionView {
  id: number;
  createdAt: string;
  lastSeenAt: string;
  device: string;
  address: string | null;
  method: string;
  current: boolean;
}

const METHOD_LABELS: Record<string, string> = {
  password: "Password",
  "password+totp": "Password and code",
  "password+recovery": "Password and recovery code",
};

/** The person's live sign-ins, this one marked, each other with a button that ends it. */
export function SessionList({ sessions }: { sessions: SessionView[] }) {
  const [ended, end] = useActionState(endSessionAction, null);
  const [endedOthers, endOthers] = useActionState(endOtherSessionsAction, null);
  const others = sessions.filter((s) => !s.current).length;
  return (
    <>
      <FormFeedback state={ended} />
      <FormFeedback state={endedOthers} />
      <ul className={styles.sessions} aria-label="Active sign-ins">
        {sessions.map((session) => (
          <Panel as="li" compact key={session.id} className={styles.session}>
            <dl className="facts">
              <dt>Device</dt>
              <dd>
                {session.device}
                {session.current && <span className={styles.current}> (this sign-in)</span>}
              </dd>
              <dt>Signed in</dt>
              <dd>
                <time dateTime={session.createdAt}>{formatDateTime(session.createdAt)}</time>,{" "}
                {METHOD_LABELS[session.method] ?? session.method}
              </dd>
              <dt>Last seen</dt>
              <dd>
                <time dateTime={session.lastSeenAt}>{formatDateTime(session.lastSeenAt)}</time>
              </dd>
              <dt>Address</dt>
              <dd>{session.address ?? "Not known"}</dd>
            </dl>
            {!session.current && (
              <form action={end}>
                <input type="hidden" name="id" value={session.id} />
                <SubmitButton
                  className="button-secondary"
                  pendingLabel="Ending…"
                  aria-label={`End the sign-in on ${session.device} from ${formatDateTime(session.createdAt)}`}
                >
                  End this sign-in
                </SubmitButton>
              </form>
            )}
          </Panel>
        ))}
      </ul>
      {others > 0 && (
        <form action={endOthers}>
          <SubmitButton className="button-danger" pendingLabel="Ending…">
            End all other sign-ins
          </SubmitButton>
        </form>
      )}
    </>
  );
}
