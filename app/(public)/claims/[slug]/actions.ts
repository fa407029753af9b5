"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { ActionState } from "@/lib/actions";
import { isAppError } from "@/lib/errors";
import { clientAddress } from "@/lib/http/client-address";
import { submitCorrectionRequest } from "@/lib/public/correction-requests";

function field(formData: FormData, name: string): string | undefined {
  const value = formData.get(name);
  return typeof value === "string" ? value : undefined;
}

/**
 * A reader's correction request (issue #3). Open to everyone: lib/public
 * validates the fields, refuses unpublished claims and rate-limits per address.
 * On success it redirects (so a reload does not send it twice) to the claim's
 * ?correction=sent twin, which confirms without JavaScript; a refusal comes
 * back as the form's state, with what was typed.
 */
export async function requestCorrectionAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  // Reachable by anyone with a hand-made POST: anything but a form is refused, not a crash.
  if (!(formData instanceof FormData)) {
    return { status: "error", message: "Send the correction request with the form.", fieldErrors: {}, values: {} };
  }
  const slug = field(formData, "slug");
  const message = field(formData, "message");
  const email = field(formData, "email");
  try {
    await submitCorrectionRequest({
      slug,
      message,
      email,
      address: clientAddress((await headers()).get("x-forwarded-for")),
    });
  } catch (error) {
    if (!isAppError(error)) throw error;
    return {
      status: "error",
      message: error.message,
      fieldErrors: error.fieldErrors,
      values: { message: message ?? "", email: email ?? "" },
    };
  }
  // The request was accepted, so `slug` names a published claim.
  redirect(`/claims/${encodeURIComponent(slug ?? "")}?correction=sent#correction-request`);
}
