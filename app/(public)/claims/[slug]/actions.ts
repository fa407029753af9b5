"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { runAction, single, type ActionState } from "@/lib/actions";
import { clientAddress } from "@/lib/http/client-address";
import { submitCorrectionRequest } from "@/lib/public/correction-requests";

/**
 * A reader's correction request (issue #3). Open to everyone: lib/public
 * validates the fields, refuses unpublished claims and rate-limits per address.
 * On success it redirects (so a reload does not send it twice) to the claim's
 * ?correction=sent twin, which confirms without JavaScript; a refusal comes
 * back as the form's state, with what was typed.
 */
export async function requestCorrectionAction(
  _previous: ActionState<string>,
  formData: FormData,
): Promise<ActionState<string>> {
  const state = await runAction(formData, async ({ fields }) => {
    submitCorrectionRequest({
      slug: fields.slug,
      message: fields.message,
      email: fields.email,
      address: clientAddress((await headers()).get("x-forwarded-for")),
    });
    // Accepted, so the slug names a published claim.
    return { message: "Correction request sent.", data: single(fields, "slug") ?? "" };
  });
  if (!state?.ok) return state;
  redirect(`/claims/${encodeURIComponent(state.data)}?correction=sent#correction-request`);
}
