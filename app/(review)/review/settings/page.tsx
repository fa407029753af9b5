import type { Metadata } from "next";
import Link from "next/link";
import { deskOrigin } from "@/lib/claims/my-feed";
import { feedTokenStatus } from "@/lib/users/feed-tokens";
import { formatDateTime } from "@/app/components/format";
import { Panel } from "@/app/components/panel";
import { requireUser } from "../../require-user";
import { FeedTokenForms } from "./feed-token-forms";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const by = await requireUser("/review/settings");
  const { createdAt } = feedTokenStatus({ by });
  return (
    <div className="prose">
      <h1>Settings</h1>
      <p className="lede">
        Signed in as {by.name} ({by.email}), {by.role}.
      </p>
      <Panel aria-labelledby="feed-heading">
        <h2 id="feed-heading">My claims in a feed reader</h2>
        <p>
          An Atom feed of <Link href="/review/mine">My claims</Link>: what others do on the claims assigned to you or
          that you commented on. A feed reader cannot sign in, so the feed has a personal address with a secret in it.
          It names the claim and what happened; comment text stays on the desk.
        </p>
        <p>
          {createdAt ? (
            <>
              Your feed address was made <time dateTime={createdAt}>{formatDateTime(createdAt)}</time>. It is shown only
              when made; make a new one if you lost it, and the old one stops working.
            </>
          ) : (
            "You have no feed address."
          )}
        </p>
        <FeedTokenForms feedPath={`${deskOrigin()}/review/mine/feed.xml`} hasToken={createdAt !== null} />
      </Panel>
    </div>
  );
}
