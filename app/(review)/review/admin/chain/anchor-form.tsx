"use client";

import { useActionState } from "react";
import { FormFeedback, SubmitButton } from "@/app/components/forms";
import { anchorNowAction } from "./actions";

export function AnchorForm() {
  const [state, formAction] = useActionState(anchorNowAction, null, "/review/admin/chain");
  return (
    <>
      <FormFeedback state={state} />
      <form action={formAction}>
        <SubmitButton pendingLabel="Anchoring…">Anchor now</SubmitButton>
      </form>
    </>
  );
}
