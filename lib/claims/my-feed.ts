import "server-only";
import { z } from "zod";
import type { SessionUser } from "@/lib/auth/principal";
import { escapeXml } from "@/lib/public/feed";
import { siteConfig } from "@/lib/site";
import { describeMyEvent, listMyEvents } from "./my-events";
import { STATUS_DEFINITIONS } from "./rules";

// The "My claims" page as an Atom feed (RFC 4287) for a feed reader, opened
// by a personal token (lib/users/feed-tokens.ts) since a reader cannot sign
// in. It names what happened and on which claim; comment text stays on the
// desk, since feed readers often keep copies on someone else's server.

export const MY_FEED_LIMIT = 50;

const originSchema = z
  .url({ protocol: /^https?$/ })
  .transform((u) => new URL(u).origin)
  .optional()
  .catch(undefined);

/** Where the desk is served: NEXTAUTH_URL (its sign-in origin), else the public site's. */
export function deskOrigin(env: NodeJS.ProcessEnv = process.env): string {
  return originSchema.parse(env.NEXTAUTH_URL || undefined) ?? siteConfig(env).url;
}

const element = (name: string, text: string, attributes = "") => `<${name}${attributes}>${escapeXml(text)}</${name}>`;

export function buildMyFeed(user: SessionUser, origin: string = deskOrigin()): string {
  const { events } = listMyEvents({ by: user, limit: MY_FEED_LIMIT });
  const page = `${origin}/review/mine`;
  const label = (status: keyof typeof STATUS_DEFINITIONS) => STATUS_DEFINITIONS[status].label;
  const entries = events.map((event) => {
    const claimUrl = `${origin}/review/claims/${event.claim.slug}`;
    const what = `${event.actor.name} ${describeMyEvent(event, label)}`;
    const summary = event.reason ? `${what}. Reason: ${event.reason}` : `${what}.`;
    return [
      "<entry>",
      element("id", `${page}#event-${event.id}`),
      element("title", `${event.claim.summary}: ${what}`, ' type="text"'),
      element("updated", event.at),
      `<link rel="alternate" type="text/html" href="${escapeXml(claimUrl)}"/>`,
      `<author>${element("name", event.actor.name)}</author>`,
      element("summary", summary, ' type="text"'),
      "</entry>",
    ].join("\n");
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">',
    element("id", `${page}#feed-${user.id}`),
    element("title", `My claims: what changed for ${user.name}`, ' type="text"'),
    element("updated", events[0]?.at ?? "1970-01-01T00:00:00.000Z"),
    `<link rel="alternate" type="text/html" href="${escapeXml(page)}"/>`,
    `<author>${element("name", "Claimtrail")}</author>`,
    element("generator", "Claimtrail"),
    ...entries,
    "</feed>",
    "",
  ].join("\n");
}
