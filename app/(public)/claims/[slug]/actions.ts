"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { runAction, type ActionState } from "@/lib/actions";
import { clientAddressFrom } from "@/lib/http/client-address";
import { requestPath, submitCorrectionRequest } from "@/lib/public/correction-requests";

/**
 * A reader's correction request (issue #3). Open to everyone: lib/public
 * validates the fields, refuses unpublished claims and rate-limits per address.
 * On success it redirects (so a reload does not send it twice) to the
 * request's private page, /requests/TOKEN (issue #14), which works without
 * JavaScript and is the only place the token is ever shown; a refusal comes
 * back as the form's state, with what was typed. No mail is sent: the desk
 * has no mailer, so the page tells the reader to keep the link.
 */
export async function requestCorrectionAction(
  _previous: ActionState<string>,
  formData: FormData,
): Promise<ActionState<string>> {
  const state = await runAction(formData, async ({ fields }) => {
    const { token } = submitCorrectionRequest({
      slug: fields.slug,
      message: fields.message,
      email: fields.email,
      address: clientAddressFrom(await headers()),
    });
    return { message: "Correction request sent.", data: token };
  });
  if (!state?.ok) return state;
  redirect(requestPath(state.data));
}
