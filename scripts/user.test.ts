import { verify } from "@node-rs/argon2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { count, databaseSnapshot, readDatabase, runScript, temporaryDatabase } from "@/lib/testing/run-script";

const userRow = z.object({ email: z.string(), name: z.string(), role: z.string(), password_hash: z.string(), disabled_at: z.string().nullable() });

let db: ReturnType<typeof temporaryDatabase>;

function user(email: string) {
  return readDatabase(db.file, (d) => userRow.optional().parse(d.prepare("select * from users where email = ?").get(email)));
}

const PASSWORD = "correct horse battery staple";

beforeAll(() => {
  db = temporaryDatabase();
  const migrate = runScript("migrate", [], db.file);
  expect(migrate.status, migrate.stderr).toBe(0);
  expect(migrate.stdout).toContain(`${db.file}: migrations applied`);
});

afterAll(() => db.cleanup());

describe("npm run user -- create", () => {
  it("takes the password from stdin and stores an argon2id hash with the role", async () => {
    const run = runScript("user", ["create", "--email", "Jane@Example.org", "--name", "Jane Doe", "--role", "editor"], db.file, {
      input: `${PASSWORD}\n`,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("Created jane@example.org");
    expect(run.stdout).not.toContain(PASSWORD);
    expect(run.stdout).not.toContain("Generated password");

    const row = user("jane@example.org");
    expect(row).toMatchObject({ name: "Jane Doe", role: "editor", disabled_at: null });
    expect(row?.password_hash).toMatch(/^\$argon2id\$/);
    // Exactly one trailing newline was trimmed, nothing else.
    expect(await verify(row?.password_hash ?? "", PASSWORD)).toBe(true);
    expect(count(db.file, "select count(*) from audit_events where action = 'user.created' and actor_kind = 'system'")).toBe(1);
  });

  it("generates a password when stdin is empty and prints it once", async () => {
    const run = runScript("user", ["create", "--email", "bob@example.org", "--name", "Bob", "--role", "reviewer"], db.file);
    expect(run.status, run.stderr).toBe(0);
    const printed = /Generated password[^:]*: (\S+)/.exec(run.stdout)?.[1] ?? "";
    expect(printed).toHaveLength(20);
    expect(run.stdout.split(printed)).toHaveLength(2);
    expect(await verify(user("bob@example.org")?.password_hash ?? "", printed)).toBe(true);
  });

  it("refuses a duplicate email, whatever its case, and creates nothing", () => {
    const before = databaseSnapshot(db.file);
    const run = runScript("user", ["create", "--email", "JANE@example.org", "--name", "Other Jane", "--role", "admin"], db.file, {
      input: `${PASSWORD}\n`,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("error: A user with this email already exists.");
    expect(databaseSnapshot(db.file)).toEqual(before);
  });

  it.each([
    {
      name: "an unknown role",
      args: ["create", "--email", "x@example.org", "--name", "X", "--role", "chief"],
      message: "--role: Role must be one of: reviewer, editor, admin.",
    },
    { name: "a missing --email", args: ["create", "--name", "X", "--role", "editor"], message: "--email is required." },
    { name: "an unknown command", args: ["promote", "--email", "bob@example.org"], message: 'Unknown command "promote".' },
    { name: "an unknown option", args: ["disable", "--email", "bob@example.org", "--force"], message: "Unknown option '--force'" },
  ])("refuses $name with a message and changes nothing", ({ args, message }) => {
    const before = databaseSnapshot(db.file);
    const run = runScript("user", args, db.file, { input: `${PASSWORD}\n` });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`error: ${message}`);
    expect(run.stderr).toContain("Usage: npm run user");
    expect(run.stdout).toBe("");
    expect(databaseSnapshot(db.file)).toEqual(before);
  });
});

describe("npm run user -- set-role, disable, enable, list", () => {
  it("changes the role and disables the account, each with its audit event", () => {
    const setRole = runScript("user", ["set-role", "--email", "bob@example.org", "--role", "admin"], db.file);
    expect(setRole.status, setRole.stderr).toBe(0);
    expect(user("bob@example.org")?.role).toBe("admin");

    const disable = runScript("user", ["disable", "--email", "bob@example.org"], db.file);
    expect(disable.status, disable.stderr).toBe(0);
    expect(user("bob@example.org")?.disabled_at).not.toBeNull();

    const actions = readDatabase(db.file, (d) =>
      z.array(z.string()).parse(d.prepare("select action from audit_events where entity_type = 'user' order by id").pluck().all()),
    );
    expect(actions.slice(-2)).toEqual(["user.role_changed", "user.disabled"]);

    const enable = runScript("user", ["enable", "--email", "bob@example.org"], db.file);
    expect(enable.status, enable.stderr).toBe(0);
    expect(user("bob@example.org")?.disabled_at).toBeNull();
  });

  it("lists accounts without password hashes and reports unknown emails", () => {
    const list = runScript("user", ["list"], db.file);
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/bob@example\.org\s+Bob\s+admin\s+active/);
    expect(list.stdout).toMatch(/jane@example\.org\s+Jane Doe\s+editor\s+active/);
    expect(list.stdout).not.toContain("$argon2");

    const missing = runScript("user", ["disable", "--email", "nobody@example.org"], db.file);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("error: No user with email nobody@example.org.");
  });
});
