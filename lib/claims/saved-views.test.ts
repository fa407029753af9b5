import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getConnection } from "@/db/client";
import type { SessionUser } from "@/lib/auth/principal";
import { expectAppError } from "@/lib/testing/app-error";
import { useTemporaryDatabase } from "@/lib/testing/database";
import { makeDemoClaim, makeUser } from "@/lib/testing/fixtures";
import { assignClaim } from "./assignment";
import { listReviewQueue, parseQueueFilters } from "./queue";
import {
  createSavedView,
  deleteSavedView,
  listSavedViews,
  normalizeViewQuery,
  renameSavedView,
  setSavedViewShared,
} from "./saved-views";

let db: ReturnType<typeof useTemporaryDatabase>;
let reviewer: SessionUser;
let otherReviewer: SessionUser;
let editor: SessionUser;
let otherEditor: SessionUser;

beforeAll(async () => {
  db = useTemporaryDatabase();
  reviewer = await makeUser("reviewer", "Rita Reviewer");
  otherReviewer = await makeUser("reviewer", "Ravi Reviewer");
  editor = await makeUser("editor", "Eddie Editor");
  otherEditor = await makeUser("editor", "Olga Editor");
  makeDemoClaim("death-toll");
  makeDemoClaim("ceasefire");
  makeDemoClaim("haniyeh", { claimant: "Hamas" });
});
afterAll(() => db.cleanup());

const rows = () => getConnection().sqlite.prepare("select * from saved_views order by id").all();
const auditCount = () =>
  (getConnection().sqlite.prepare("select count(*) as n from audit_events").get() as { n: number }).n;
const lastEvent = () =>
  getConnection()
    .sqlite.prepare(
      "select action, entity_type, entity_id, actor_id, before, after from audit_events order by id desc limit 1",
    )
    .get() as {
    action: string;
    entity_type: string;
    entity_id: string;
    actor_id: number;
    before: string | null;
    after: string | null;
  };

function viewNamed(by: SessionUser, name: string) {
  const list = listSavedViews({ by });
  return [...list.mine, ...list.shared].find((v) => v.name === name);
}

describe("saved views: the stored filters", () => {
  it("keeps only the filters the queue understands, in the queue's own order, without the page", () => {
    expect(normalizeViewQuery("?sort=priority&status=sourced&page=3&evil=1&stage=nonsense")).toBe(
      "status=sourced&sort=priority",
    );
    expect(normalizeViewQuery("/review?assignee=me&claimant=Hamas")).toBe("assignee=me&claimant=Hamas");
    expect(normalizeViewQuery("")).toBe("");
  });
});

describe("saved views: create, list and count", () => {
  it("saves a reviewer's view with an audit event and lists it with the queue's count", () => {
    const before = auditCount();
    const { id } = createSavedView({ by: reviewer, name: " Hamas claims ", query: "claimant=Hamas&page=2" });
    expect(auditCount()).toBe(before + 1);
    expect(lastEvent()).toMatchObject({
      action: "view.created",
      entity_type: "saved_view",
      entity_id: String(id),
      actor_id: reviewer.id,
    });
    const view = viewNamed(reviewer, "Hamas claims");
    const queue = listReviewQueue({ by: reviewer, filters: parseQueueFilters({ claimant: "Hamas" }) });
    expect(view).toMatchObject({
      href: "/review?claimant=Hamas",
      shared: false,
      mine: true,
      canManage: true,
      canShare: false,
    });
    expect(view?.count).toBe(queue.matching);
    expect(view?.count).toBe(1);
    // Private: nobody else sees it.
    expect(viewNamed(otherReviewer, "Hamas claims")).toBeUndefined();
    expect(viewNamed(editor, "Hamas claims")).toBeUndefined();
  });

  it("counts a view of “Mine” for whoever looks, and follows the desk as it changes", () => {
    createSavedView({ by: reviewer, name: "My work", query: "assignee=me" });
    expect(viewNamed(reviewer, "My work")?.count).toBe(0);
    const claim = makeDemoClaim("parliament").claim;
    assignClaim({ by: editor, claimId: claim.id, assigneeId: reviewer.id, expectedAssigneeId: "" });
    expect(viewNamed(reviewer, "My work")?.count).toBe(1);
    // Shared by an editor, the same view counts each reader's own claims.
    const { id } = createSavedView({ by: editor, name: "Assigned to me", query: "assignee=me" });
    setSavedViewShared({ by: editor, viewId: id, shared: true });
    expect(viewNamed(reviewer, "Assigned to me")).toMatchObject({
      count: 1,
      mine: false,
      owner: { name: "Eddie Editor" },
    });
    expect(viewNamed(otherReviewer, "Assigned to me")).toMatchObject({ count: 0, mine: false });
    deleteSavedView({ by: editor, viewId: id });
  });

  it("refuses a second view of the same name, an empty name and a long one, changing nothing", () => {
    const before = { rows: rows(), audit: auditCount() };
    expectAppError(
      () => createSavedView({ by: reviewer, name: "hamas claims".replace("h", "H"), query: "" }),
      "invalid",
      /already a view named/,
    );
    expectAppError(() => createSavedView({ by: reviewer, name: "   ", query: "" }), "invalid", /name/);
    expectAppError(
      () => createSavedView({ by: reviewer, name: "x".repeat(61), query: "" }),
      "invalid",
      /60 characters/,
    );
    expectAppError(() => createSavedView({ by: null, name: "Anything", query: "" }), "unauthenticated");
    expect({ rows: rows(), audit: auditCount() }).toEqual(before);
  });
});

describe("saved views: sharing and who may change them", () => {
  it("lets only editors share; a reviewer's attempt changes nothing", () => {
    const before = { rows: rows(), audit: auditCount() };
    expectAppError(
      () => createSavedView({ by: reviewer, name: "Shared try", query: "", shared: "on" }),
      "forbidden",
      /editors/,
    );
    const id = viewNamed(reviewer, "Hamas claims")?.id ?? 0;
    expectAppError(() => setSavedViewShared({ by: reviewer, viewId: id, shared: "on" }), "forbidden", /role/);
    expect({ rows: rows(), audit: auditCount() }).toEqual(before);
  });

  it("shows an editor's shared view to everyone; only the owner or an editor renames or deletes it", () => {
    const { id } = createSavedView({
      by: editor,
      name: "Sourced, awaiting publication",
      query: "status=sourced&stage=awaiting-publication",
      shared: "on",
    });
    expect(lastEvent()).toMatchObject({ action: "view.created" });
    expect(JSON.parse(lastEvent().after ?? "{}")).toMatchObject({ shared: true });
    expect(viewNamed(otherReviewer, "Sourced, awaiting publication")).toMatchObject({
      shared: true,
      canManage: false,
      canShare: false,
    });

    const before = { rows: rows(), audit: auditCount() };
    expectAppError(() => renameSavedView({ by: otherReviewer, viewId: id, name: "Mine now" }), "forbidden");
    expectAppError(() => deleteSavedView({ by: otherReviewer, viewId: id }), "forbidden");
    expectAppError(() => setSavedViewShared({ by: otherReviewer, viewId: id, shared: "" }), "forbidden");
    expect({ rows: rows(), audit: auditCount() }).toEqual(before);

    renameSavedView({ by: otherEditor, viewId: id, name: "Ready to publish" });
    expect(lastEvent()).toMatchObject({ action: "view.renamed", actor_id: otherEditor.id });
    expect(JSON.parse(lastEvent().before ?? "{}")).toEqual({ name: "Sourced, awaiting publication" });
    expect(viewNamed(reviewer, "Ready to publish")?.href).toBe("/review?status=sourced&stage=awaiting-publication");

    setSavedViewShared({ by: editor, viewId: id, shared: "false" });
    expect(lastEvent()).toMatchObject({ action: "view.unshared" });
    expect(viewNamed(otherReviewer, "Ready to publish")).toBeUndefined();
    expect(viewNamed(editor, "Ready to publish")).toMatchObject({ shared: false, mine: true });

    deleteSavedView({ by: editor, viewId: id });
    expect(lastEvent()).toMatchObject({ action: "view.deleted", entity_id: String(id) });
    expect(JSON.parse(lastEvent().before ?? "{}")).toMatchObject({
      name: "Ready to publish",
      query: "status=sourced&stage=awaiting-publication",
    });
    expect(viewNamed(editor, "Ready to publish")).toBeUndefined();
  });

  it("treats someone else's private view as not there at all", () => {
    const id = viewNamed(reviewer, "Hamas claims")?.id ?? 0;
    const before = { rows: rows(), audit: auditCount() };
    expectAppError(() => renameSavedView({ by: otherReviewer, viewId: id, name: "Taken" }), "not_found");
    expectAppError(() => deleteSavedView({ by: editor, viewId: id }), "not_found");
    expectAppError(() => setSavedViewShared({ by: otherEditor, viewId: id, shared: "on" }), "not_found");
    expectAppError(() => deleteSavedView({ by: reviewer, viewId: "abc" }), "invalid", /Unknown view/);
    expect({ rows: rows(), audit: auditCount() }).toEqual(before);
  });

  it("lets the owner rename and delete their own view", () => {
    const id = viewNamed(reviewer, "Hamas claims")?.id ?? 0;
    renameSavedView({ by: reviewer, viewId: id, name: "Hamas" });
    expect(viewNamed(reviewer, "Hamas")?.id).toBe(id);
    expectAppError(() => renameSavedView({ by: reviewer, viewId: id, name: "Hamas" }), "invalid", /already/);
    deleteSavedView({ by: reviewer, viewId: id });
    expect(viewNamed(reviewer, "Hamas")).toBeUndefined();
  });
});
