"use client";

import { useActionState, useState, type ReactNode } from "react";
import { FormFeedback, fromState, SubmitButton, TextField } from "@/app/components/forms";
import { publishAction, unpublishAction } from "./actions";
import styles from "./workspace.module.css";

interface Props {
  claimId: number;
  version: number;
  /** The verdict on the public page, if any, and whether it is the current one. */
  published: { current: boolean } | null;
  /** Published at some time, so publishing again is a correction that needs a reason. */
  previouslyPublished: boolean;
  /** The viewer set the current verdict, so the four-eyes rule stops them publishing it. */
  ownVerdict: boolean;
  hasVerdict: boolean;
}

/** Publishing controls for editors and admins; the page decides who sees them. */
export function PublishPanel({ claimId, version, published, previouslyPublished, ownVerdict, hasVerdict }: Props) {
  const [publishState, publish] = useActionState(publishAction, null);
  const [unpublishState, unpublish] = useActionState(unpublishAction, null);
  // Only the outcome of the form used last is shown, so "Published." does not linger after an unpublish.
  const [lastUsed, setLastUsed] = useState<"publish" | "unpublish">("publish");

  let publishControls: ReactNode;
  if (!hasVerdict) {
    publishControls = <p>Nobody has set a verdict on this claim yet, so there is nothing to publish.</p>;
  } else if (ownVerdict) {
    // DESIGN.md, Status rules: the editor who publishes must not be the person who set the status.
    publishControls = <p className="notice">You set this verdict; another editor must publish it.</p>;
  } else if (published?.current) {
    publishControls = <p>The public page shows the current verdict.</p>;
  } else {
    publishControls = (
      <form action={publish} onSubmit={() => setLastUsed("publish")} noValidate>
        <input type="hidden" name="claimId" value={claimId} />
        <input type="hidden" name="expectedVersion" value={version} />
        {previouslyPublished && (
          <TextField
            id="publish-reason"
            label="Reason for correction"
            hint="This claim was published before, so this is a correction. Readers see this reason."
            {...fromState(publishState, "reason")}
          />
        )}
        <SubmitButton pendingLabel="Publishing…">Publish verdict</SubmitButton>
      </form>
    );
  }

  return (
    <div className={styles.publishPanel}>
      <FormFeedback state={lastUsed === "publish" ? publishState : unpublishState} id={lastUsed} />
      {publishControls}

      {published && (
        <>
          <h3>Withdraw from the public page</h3>
          <form action={unpublish} onSubmit={() => setLastUsed("unpublish")} noValidate>
            <input type="hidden" name="claimId" value={claimId} />
            <TextField id="unpublish-reason" label="Reason for unpublishing" {...fromState(unpublishState, "reason")} />
            <SubmitButton className="button-danger" pendingLabel="Unpublishing…">
              Unpublish
            </SubmitButton>
          </form>
        </>
      )}
    </div>
  );
}
