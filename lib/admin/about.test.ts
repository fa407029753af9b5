import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { getConnection } from "@/db/client";
import type { SessionUser } from "@/lib/auth/principal";
import { SYSTEM_PRINCIPAL } from "@/lib/auth/principal";
import { DEMO_ABOUT, seedDemoAbout } from "@/lib/demo/demo-about";
import { listPublicAboutSections } from "@/lib/public/about";
import { ABOUT_SECTION_KEYS } from "@/lib/public/about-sections";
import { useTemporaryDatabase } from "@/lib/testing/database";
import { makeUser } from "@/lib/testing/fixtures";
import { ABOUT_SECTION_MAX, listAboutSectionsForEditing, saveAboutSection } from "./about";

let db: ReturnType<typeof useTemporaryDatabase>;
let admin: SessionUser;
let editor: SessionUser;
let reviewer: SessionUser;

const sqlite = () => getConnection().sqlite;
const eventRow = z.object({
  actor_kind: z.string(),
  actor_id: z.number().nullable(),
  entity_id: z.string(),
  before: z.string().nullable(),
  after: z.string(),
});
function aboutEvents() {
  return z
    .array(eventRow)
    .parse(
      sqlite()
        .prepare(
          "select actor_kind, actor_id, entity_id, before, after from audit_events where action = 'about.section_saved' order by id",
        )
        .all(),
    );
}
function tableRows() {
  return sqlite().prepare("select * from about_sections order by key").all();
}
function baseOf(key: string): string {
  return listAboutSectionsForEditing({ by: admin }).find((s) => s.key === key)?.updatedAt ?? "";
}

beforeAll(async () => {
  db = useTemporaryDatabase();
  admin = await makeUser("admin", "Alma Admin");
  editor = await makeUser("editor");
  reviewer = await makeUser("reviewer");
});
afterAll(() => db.cleanup());

describe("the about page's sections", () => {
  it("start unwritten: the desk lists every section empty and readers see none", () => {
    const sections = listAboutSectionsForEditing({ by: admin });
    expect(sections.map((s) => s.key)).toEqual([...ABOUT_SECTION_KEYS]);
    expect(sections.every((s) => s.body === "" && s.updatedAt === null)).toBe(true);
    expect(listPublicAboutSections()).toEqual([]);
  });

  it("are edited by admins only; anyone else is refused and nothing changes", () => {
    for (const by of [editor, reviewer, null]) {
      expect(() => saveAboutSection({ by, key: "team", body: "Someone", baseUpdatedAt: "" })).toThrow(
        by ? /role does not allow/ : /sign in/,
      );
      expect(() => listAboutSectionsForEditing({ by })).toThrow();
    }
    expect(tableRows()).toEqual([]);
    expect(aboutEvents()).toEqual([]);
  });

  it("saves a section with an audit event holding the text before and after, and shows it publicly", () => {
    const first = saveAboutSection({
      by: admin,
      key: "team",
      body: "  Ana, editor.\r\nBo, checker.  ",
      baseUpdatedAt: "",
    });
    expect(first.key).toBe("team");
    const second = saveAboutSection({ by: admin, key: "team", body: "Ana, editor.", baseUpdatedAt: first.updatedAt });
    const events = aboutEvents();
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ actor_kind: "user", actor_id: admin.id, entity_id: "team", before: null });
    expect(JSON.parse(events[0]?.after ?? "")).toEqual({ body: "Ana, editor.\nBo, checker." });
    expect(JSON.parse(events[1]?.before ?? "")).toEqual({ body: "Ana, editor.\nBo, checker." });
    expect(JSON.parse(events[1]?.after ?? "")).toEqual({ body: "Ana, editor." });
    expect(listPublicAboutSections()).toEqual([
      { key: "team", title: "Our team", anchor: "team", body: "Ana, editor.", updatedAt: second.updatedAt },
    ]);
    expect(listAboutSectionsForEditing({ by: admin }).find((s) => s.key === "team")).toMatchObject({
      updatedBy: "Alma Admin",
      updatedAt: second.updatedAt,
    });
  });

  it("refuses a stale edit, the same text again, a bad key and text that is too long, changing nothing", () => {
    const before = tableRows();
    const eventsBefore = aboutEvents().length;
    expect(() => saveAboutSection({ by: admin, key: "team", body: "Mine", baseUpdatedAt: "" })).toThrow(
      /Someone saved this section/,
    );
    expect(() =>
      saveAboutSection({ by: admin, key: "team", body: "Ana, editor.", baseUpdatedAt: baseOf("team") }),
    ).toThrow(/Nothing changed/);
    expect(() => saveAboutSection({ by: admin, key: "secrets", body: "x", baseUpdatedAt: "" })).toThrow(
      /no such section/,
    );
    expect(() =>
      saveAboutSection({
        by: admin,
        key: "team",
        body: "x".repeat(ABOUT_SECTION_MAX + 1),
        baseUpdatedAt: baseOf("team"),
      }),
    ).toThrow(/at most/);
    expect(() => saveAboutSection({ by: admin, key: "team", body: ["a", "b"], baseUpdatedAt: baseOf("team") })).toThrow(
      /Write the section/,
    );
    expect(tableRows()).toEqual(before);
    expect(aboutEvents()).toHaveLength(eventsBefore);
  });

  it("hides a section emptied on purpose from readers, and the demo seed leaves it empty", () => {
    saveAboutSection({ by: admin, key: "team", body: "   ", baseUpdatedAt: baseOf("team") });
    expect(listPublicAboutSections().map((s) => s.key)).not.toContain("team");
    const filled = seedDemoAbout();
    expect(filled).toEqual(ABOUT_SECTION_KEYS.filter((k) => k !== "team"));
    expect(listAboutSectionsForEditing({ by: admin }).find((s) => s.key === "team")?.body).toBe("");
    expect(listPublicAboutSections().map((s) => s.key)).toEqual([
      "organisation",
      "funding",
      "corrections",
      "complaints",
    ]);
    expect(listPublicAboutSections()[0]?.body).toBe(DEMO_ABOUT.organisation);
    // The seed writes as the system, and a second run changes nothing.
    expect(aboutEvents().at(-1)).toMatchObject({ actor_kind: "system", actor_id: null });
    const events = aboutEvents().length;
    expect(seedDemoAbout()).toEqual([]);
    expect(aboutEvents()).toHaveLength(events);
    expect(listAboutSectionsForEditing({ by: SYSTEM_PRINCIPAL })).toHaveLength(ABOUT_SECTION_KEYS.length);
  });
});
