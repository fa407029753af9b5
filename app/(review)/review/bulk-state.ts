import type { ActionState } from "@/lib/actions";
import type { BulkClaim, BulkRefusal } from "@/lib/claims/bulk";

/**
 * The bulk bar's form id: each queue row's checkbox joins the form through
 * its `form` attribute, `<input type="checkbox" name="claim" value="{id}:{version}" form="queue-bulk">`.
 */
export const BULK_FORM_ID = "queue-bulk";

/** What a bulk change from the queue did: the claims changed, and those refused with why. */
export interface BulkReport {
  done: BulkClaim[];
  refused: BulkRefusal[];
}

export type BulkState = ActionState<BulkReport>;
