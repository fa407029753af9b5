import type { AttributionStatus, ReviewStage } from "@/db/schema";

// Words the reviewer area shows for the claim's workflow fields; safe to import in client components.

export const STAGE_LABELS: Record<ReviewStage, string> = {
  "needs-evidence": "Needs evidence",
  "awaiting-publication": "Awaiting publication",
  published: "Published",
  "published-changed": "Published, changed since",
};

export const PRIORITY_LABELS: Record<number, string> = { 1: "High", 2: "Normal", 3: "Low" };

export const ATTRIBUTION_LABELS: Record<AttributionStatus, string> = {
  unconfirmed: "Not yet confirmed",
  confirmed: "Confirmed",
  misattributed: "Misattributed",
};
