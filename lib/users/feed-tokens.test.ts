import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getConnection } from "@/db/client";
import { SYSTEM_PRINCIPAL, type SessionUser } from "@/lib/auth/principal";
import { expectAppError } from "@/lib/testing/app-error";
import { useTemporaryDatabase } from "@/lib/testing/database";
import { makeUser } from "@/lib/testing/fixtures";
import { createFeedToken, feedTokenStatus, hashFeedToken, revokeFeedToken, userForFeedToken } from "./feed-tokens";
import { setUserDisabled } from "./users";

let db: ReturnType<typeof useTemporaryDatabase>;
let rita: SessionUser;
let ravi: SessionUser;

beforeAll(async () => {
  db = useTemporaryDatabase();
  rita = await makeUser("reviewer", "Rita Reviewer");
  ravi = await makeUser("reviewer", "Ravi Reviewer");
});
afterAll(() => db.cleanup());

const sqlite = () => getConnection().sqlite;
const tokenRows = () => sqlite().prepare("select * from feed_tokens order by id").all() as Record<string, unknown>[];
const feedEvents = () =>
  sqlite()
    .prepare(
      "select action, entity_id, actor_id, before, after from audit_events where entity_type = 'feed_token' order by id",
    )
    .all() as {
    action: string;
    entity_id: string;
    actor_id: number;
    before: string | null;
    after: string | null;
  }[];

describe("personal feed tokens", () => {
  it("stores only the token's hash, and the token opens its owner's feed", () => {
    expect(feedTokenStatus({ by: rita }).createdAt).toBeNull();
    const { token } = createFeedToken({ by: rita });
    expect(token).toMatch(/^ctf_[A-Za-z0-9_-]{43}$/);
    const [row] = tokenRows();
    expect(row).toMatchObject({ user_id: rita.id, token_hash: hashFeedToken(token), revoked_at: null });
    expect(JSON.stringify(tokenRows())).not.toContain(token);
    expect(userForFeedToken(token)).toMatchObject({ id: rita.id, name: "Rita Reviewer" });
    expect(feedTokenStatus({ by: rita }).createdAt).toEqual(row?.created_at);
    const [event] = feedEvents();
    expect(event).toMatchObject({ action: "feed_token.created", actor_id: rita.id, entity_id: String(row?.id) });
    // Neither the token nor its hash is written into the audit log.
    expect(JSON.stringify(feedEvents())).not.toContain(token);
    expect(JSON.stringify(feedEvents())).not.toContain(hashFeedToken(token));
  });

  it("opens nothing for a malformed, unknown or another person's altered token", () => {
    const { token } = createFeedToken({ by: ravi });
    const altered = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    for (const wrong of [undefined, null, "", "ctf_", token.slice(0, -1), altered, `${token}x`, 42, [token]]) {
      expect(userForFeedToken(wrong)).toBeNull();
    }
    expect(userForFeedToken(token)?.id).toBe(ravi.id);
  });

  it("regenerating revokes the old token in the same write, with both events", () => {
    const before = feedEvents().length;
    const { token: first } = createFeedToken({ by: rita });
    const { token: second } = createFeedToken({ by: rita });
    expect(userForFeedToken(first)).toBeNull();
    expect(userForFeedToken(second)?.id).toBe(rita.id);
    const live = tokenRows().filter((r) => r.user_id === rita.id && r.revoked_at === null);
    expect(live).toHaveLength(1);
    expect(
      feedEvents()
        .slice(before)
        .map((e) => e.action),
    ).toEqual(["feed_token.revoked", "feed_token.created", "feed_token.revoked", "feed_token.created"]);
  });

  it("revoking closes the feed at once; a second revoke is refused and changes nothing", () => {
    const { token } = createFeedToken({ by: rita });
    revokeFeedToken({ by: rita });
    expect(userForFeedToken(token)).toBeNull();
    expect(feedTokenStatus({ by: rita }).createdAt).toBeNull();
    expect(feedEvents().at(-1)).toMatchObject({ action: "feed_token.revoked", actor_id: rita.id });
    const rows = tokenRows();
    const events = feedEvents().length;
    expectAppError(() => revokeFeedToken({ by: rita }), "invalid", /no feed token/);
    expect(tokenRows()).toEqual(rows);
    expect(feedEvents()).toHaveLength(events);
  });

  it("needs a signed-in person, and a disabled account's token opens nothing", async () => {
    expectAppError(() => createFeedToken({ by: null }), "unauthenticated");
    expectAppError(() => createFeedToken({ by: SYSTEM_PRINCIPAL }), "forbidden", /person/);
    const { token } = createFeedToken({ by: ravi });
    await setUserDisabled({ by: SYSTEM_PRINCIPAL, email: ravi.email, disabled: true });
    expect(userForFeedToken(token)).toBeNull();
    await setUserDisabled({ by: SYSTEM_PRINCIPAL, email: ravi.email, disabled: false });
    expect(userForFeedToken(token)?.id).toBe(ravi.id);
  });
});
