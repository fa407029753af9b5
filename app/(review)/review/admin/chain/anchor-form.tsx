"use client";

import { useActionState } from "react";
import { FormMessages, IDLE_STATE } from "@/app/components/form-feedback";
import { anchorNowAction } from "./actions";

export function AnchorForm() {
  const [state, formAction, pending] = useActionState(anchorNowAction, IDLE_STATE, "/review/admin/chain");
  return (
    <>
      <FormMessages state={state} />
      <form action={formAction}>
        <button type="submit" disabled={pending}>
          {pending ? "Anchoring…" : "Anchor now"}
        </button>
      </form>
    </>
  );
}
