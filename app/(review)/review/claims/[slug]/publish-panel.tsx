"use client";

import { useActionState, useState, type ReactNode } from "react";
import {
  CurrentStateBox,
  FieldError,
  FormMessages,
  IDLE_STATE,
  invalidProps,
  typedValue,
} from "@/app/components/form-feedback";
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
  const [publishState, publish, publishing] = useActionState(publishAction, IDLE_STATE);
  const [unpublishState, unpublish, unpublishing] = useActionState(unpublishAction, IDLE_STATE);
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
          <div className="field">
            <label htmlFor="publish-reason">Reason for correction</label>
            <span className="hint" id="publish-reason-hint">
              This claim was published before, so this is a correction. Readers see this reason.
            </span>
            <input
              id="publish-reason"
              name="reason"
              type="text"
              defaultValue={typedValue(publishState, "reason", "")}
              aria-describedby="publish-reason-hint"
              {...invalidProps(publishState, "reason", "publish-reason-hint publish-reason-error")}
            />
            <FieldError id="publish-reason-error" state={publishState} name="reason" />
          </div>
        )}
        <button type="submit" disabled={publishing}>
          {publishing ? "Publishing…" : "Publish verdict"}
        </button>
      </form>
    );
  }

  return (
    <div className={styles.publishPanel}>
      <FormMessages state={lastUsed === "publish" ? publishState : unpublishState} />
      {lastUsed === "publish" && publishState.status === "error" && publishState.current && (
        <CurrentStateBox current={publishState.current} id="publish-current-state" />
      )}
      {publishControls}

      {published && (
        <>
          <h3>Withdraw from the public page</h3>
          <form action={unpublish} onSubmit={() => setLastUsed("unpublish")} noValidate>
            <input type="hidden" name="claimId" value={claimId} />
            <div className="field">
              <label htmlFor="unpublish-reason">Reason for unpublishing</label>
              <input
                id="unpublish-reason"
                name="reason"
                type="text"
                defaultValue={typedValue(unpublishState, "reason", "")}
                {...invalidProps(unpublishState, "reason", "unpublish-reason-error")}
              />
              <FieldError id="unpublish-reason-error" state={unpublishState} name="reason" />
            </div>
            <button type="submit" className="button-danger" disabled={unpublishing}>
              {unpublishing ? "Unpublishing…" : "Unpublish"}
            </button>
          </form>
        </>
      )}
    </div>
  );
}
