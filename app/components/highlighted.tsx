import { Fragment } from "react";
import type { Segment } from "@/lib/public/search";

/** Search matches in <mark>, the rest as plain text. */
export function Highlighted({ segments }: { segments: Segment[] }) {
  return segments.map((segment, index) =>
    segment.match ? <mark key={index}>{segment.text}</mark> : <Fragment key={index}>{segment.text}</Fragment>,
  );
}

export const hasMatch = (segments: Segment[]) => segments.some((s) => s.match);
