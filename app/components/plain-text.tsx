import Link from "next/link";
import { Fragment } from "react";
import { parsePlainText, type TextSegment } from "@/lib/public/plain-text";

function Segment({ segment }: { segment: TextSegment }) {
  if (!("href" in segment)) return segment.text;
  return segment.href.startsWith("/") ? (
    <Link href={segment.href}>{segment.text}</Link>
  ) : (
    <a href={segment.href} rel="noopener noreferrer">
      {segment.text}
    </a>
  );
}

/**
 * Text an admin wrote (lib/public/plain-text.ts): paragraphs, line breaks and
 * links, rendered as React text and elements, never as HTML.
 */
export function PlainText({ body }: { body: string }) {
  return parsePlainText(body).map((paragraph, p) => (
    <p key={p}>
      {paragraph.map((line, l) => (
        <Fragment key={l}>
          {l > 0 && <br />}
          {line.map((segment, s) => (
            <Segment key={s} segment={segment} />
          ))}
        </Fragment>
      ))}
    </p>
  ));
}
