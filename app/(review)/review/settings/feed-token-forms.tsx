"use client";

import { useActionState } from "react";
import { FormFeedback, SubmitButton } from "@/app/components/forms";
import { createFeedTokenAction, revokeFeedTokenAction } from "./actions";
import styles from "./settings.module.css";

/**
 * Make, remake or revoke the personal feed address. The new address is in
 * the action's result only, so it is on screen once and never again.
 */
export function FeedTokenForms({ feedPath, hasToken }: { feedPath: string; hasToken: boolean }) {
  const [created, create] = useActionState(createFeedTokenAction, null);
  const [revoked, revoke] = useActionState(revokeFeedTokenAction, null);
  // Revoked after it was made: the address on screen no longer works, so it goes.
  const stillLive = created?.ok && !(revoked?.ok && revoked.at > created.at);
  const address = created?.ok && stillLive ? `${feedPath}?token=${created.data.token}` : null;
  return (
    <>
      <FormFeedback state={created} />
      <FormFeedback state={revoked} />
      {address && (
        <div className={`field ${styles.address}`}>
          <label htmlFor="feed-address">Your feed address</label>
          <span className="hint" id="feed-address-hint">
            Paste it into your feed reader. Anyone with it can read this feed, so keep it to yourself.
          </span>
          <input
            id="feed-address"
            type="text"
            readOnly
            value={address}
            aria-describedby="feed-address-hint"
            onFocus={(event) => event.currentTarget.select()}
          />
        </div>
      )}
      <div className={styles.buttons}>
        <form action={create}>
          <SubmitButton pendingLabel="Making…">
            {hasToken ? "Make a new feed address" : "Make a feed address"}
          </SubmitButton>
        </form>
        {hasToken && (
          <form action={revoke}>
            <SubmitButton className="button-danger" pendingLabel="Revoking…">
              Revoke the feed address
            </SubmitButton>
          </form>
        )}
      </div>
    </>
  );
}
