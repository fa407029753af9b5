/**
 * Issue 14, part 5: signed webhooks. An admin registers a local receiver (a
 * plain Node server on a free port, allowed as a private address), a verdict
 * is published, and the receiver checks the delivery's signature with the
 * Standard Webhooks algorithm written out (lib/testing/webhook-receiver.ts,
 * not the desk's own signing code). Then a server of our own is killed while
 * a delivery waits for its retry, another is queued while no server runs, and
 * after a restart on the same database both arrive.
 */
import type { Page } from "@playwright/test";
import Database from "better-sqlite3";
import { Webhook } from "standardwebhooks";
import { z } from "zod";
import { startWebhookReceiver, verifyStandardWebhook, type WebhookReceiver } from "@/lib/testing/webhook-receiver";
import { expect, test, uniqueTag, type TestUser } from "./fixtures";
import { countRows } from "./support/http-security";
import { startOwnServer, type OwnServer } from "./support/own-server";

const payloadSchema = z.object({
  type: z.string(),
  timestamp: z.string(),
  data: z.looseObject({ slug: z.string().optional(), status: z.string().optional() }),
});

/** Registers `url` through the form and returns the signing secret the page shows once. */
async function registerEndpoint(page: Page, url: string, description: string): Promise<string> {
  await page.goto("/review/admin/webhooks");
  const form = page.getByRole("region", { name: "Register an endpoint" });
  await form.getByLabel("Receiver address").fill(url);
  await form.getByLabel("Description (optional)").fill(description);
  await form.getByLabel("Allow a private address").check();
  await form.getByRole("button", { name: "Register endpoint" }).click();
  const secretBox = form.getByRole("region", { name: "Signing secret" });
  await expect(secretBox).toBeVisible();
  const secret = (await secretBox.locator("code").first().textContent())?.trim() ?? "";
  expect(secret).toMatch(/^whsec_/);
  return secret;
}

/** Each received delivery checked twice: the algorithm written out, and the standardwebhooks library. */
function signedBy(secret: string, receiver: WebhookReceiver) {
  return receiver.received.map((request) => {
    const written = verifyStandardWebhook(secret, request.headers, request.body);
    const headers = {
      "webhook-id": String(request.headers["webhook-id"]),
      "webhook-timestamp": String(request.headers["webhook-timestamp"]),
      "webhook-signature": String(request.headers["webhook-signature"]),
    };
    let library = true;
    try {
      new Webhook(secret).verify(request.body, headers);
    } catch {
      library = false;
    }
    return written && library;
  });
}

test("a published verdict reaches a registered receiver, signed; a test event too; private addresses need the admin's say-so", async ({
  createUser,
  createClaim,
  newSession,
}) => {
  const admin = await createUser({ role: "admin" });
  const reviewer = await createUser({ role: "reviewer" });
  const editor = await createUser({ role: "editor" });
  const receiver = await startWebhookReceiver();
  const page = await newSession(admin);
  try {
    // Without "Allow a private address", a loopback or metadata address is refused and nothing is stored.
    await page.goto("/review/admin/webhooks");
    const form = page.getByRole("region", { name: "Register an endpoint" });
    const before = countRows("webhook_endpoints");
    await form.getByLabel("Receiver address").fill("http://169.254.169.254/latest/meta-data");
    await form.getByRole("button", { name: "Register endpoint" }).click();
    await expect(form.getByText("The address is not on the public internet").first()).toBeVisible();
    expect(countRows("webhook_endpoints")).toBe(before);

    const description = `E2E receiver ${uniqueTag()}`;
    const secret = await registerEndpoint(page, receiver.url, description);
    await expect(page.getByRole("link", { name: receiver.url })).toBeVisible();

    const claim = await createClaim({ verdict: { status: "sourced", by: reviewer }, publishBy: editor });
    await expect.poll(() => receiver.received.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
    const [delivery] = receiver.received;
    expect(delivery?.headers["webhook-id"]).toMatch(/^msg_/);
    expect(signedBy(secret, receiver)).toEqual([true]);
    // Another secret does not verify it: the check is real.
    expect(
      verifyStandardWebhook(
        `whsec_${Buffer.alloc(32, 1).toString("base64")}`,
        delivery?.headers ?? {},
        delivery?.body ?? "",
      ),
    ).toBe(false);
    const payload = payloadSchema.parse(JSON.parse(delivery?.body ?? ""));
    expect(payload).toMatchObject({ type: "claim.published", data: { slug: claim.slug, status: "sourced" } });

    // The delivery log shows it, and "Send test event" sends one more.
    await page.getByRole("link", { name: receiver.url }).click();
    const log = page.getByRole("region", { name: "Delivery log" });
    await expect(log.getByRole("row", { name: /claim\.published/ })).toContainText("Delivered");
    await expect(log.getByRole("row", { name: /claim\.published/ })).toContainText("HTTP 200");
    await page.getByRole("button", { name: "Send test event" }).click();
    await expect(page.getByText("Test event queued")).toBeVisible();
    await expect
      .poll(() => receiver.received.map((r) => payloadSchema.parse(JSON.parse(r.body)).type), { timeout: 30_000 })
      .toContain("webhook.test");
    expect(signedBy(secret, receiver)).toEqual([true, true]);
    await page.reload();
    await expect(log.getByRole("row", { name: /webhook\.test/ })).toContainText("Delivered");
  } finally {
    // Later specs publish too: this endpoint must not keep collecting their events.
    await page.goto("/review/admin/webhooks");
    const link = page.getByRole("link", { name: receiver.url });
    if (await link.isVisible()) {
      await link.click();
      await page.getByRole("button", { name: "Disable endpoint" }).click();
      await expect(page.getByText("Disabled: nothing is queued")).toBeVisible();
    }
    await receiver.close();
  }
});

const deliveryRow = z.object({
  message_id: z.string(),
  state: z.string(),
  attempts: z.number(),
  last_status: z.number().nullable(),
});

function deliveriesOf(server: OwnServer) {
  const db = new Database(server.databaseUrl, { readonly: true, fileMustExist: true });
  try {
    return z
      .array(deliveryRow)
      .parse(db.prepare("select message_id, state, attempts, last_status from webhook_deliveries order by id").all());
  } finally {
    db.close();
  }
}

async function userOn(server: OwnServer, role: TestUser["role"]): Promise<TestUser> {
  const tag = uniqueTag();
  const user: TestUser = {
    email: `${role}.${tag}@example.org`,
    name: `Own ${role} ${tag}`,
    password: `pw-${tag}-${uniqueTag()}-long`,
    role,
  };
  await server.script(
    "scripts/user.ts",
    ["create", "--email", user.email, "--name", user.name, "--role", role],
    `${user.password}\n`,
  );
  return user;
}

async function publishedClaimOn(server: OwnServer, reviewer: TestUser, editor: TestUser): Promise<string> {
  const out = await server.script("e2e/support/make-claim.ts", [
    "--summary",
    `Webhook restart check ${uniqueTag()}`,
    "--verdict-by",
    reviewer.email,
    "--status",
    "sourced",
    "--publish-by",
    editor.email,
  ]);
  const line = out.split("\n").find((l) => l.startsWith("{"));
  return z.object({ slug: z.string() }).parse(JSON.parse(line ?? "")).slug;
}

test("a delivery waiting for its retry, and one queued while the server is down, arrive after a restart", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const server = await startOwnServer();
  // The first attempt is answered 500, so the delivery waits 5 s for its retry.
  const receiver = await startWebhookReceiver({ answers: [500] });
  const context = await browser.newContext({ baseURL: server.baseURL });
  try {
    const admin = await userOn(server, "admin");
    const reviewer = await userOn(server, "reviewer");
    const editor = await userOn(server, "editor");
    const page = await context.newPage();
    await page.goto("/signin");
    await page.getByLabel("Email", { exact: true }).fill(admin.email);
    await page.getByLabel("Password", { exact: true }).fill(admin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    const secret = await registerEndpoint(page, receiver.url, "Restart check");
    await context.close();

    const first = await publishedClaimOn(server, reviewer, editor);
    await expect.poll(() => deliveriesOf(server)[0]?.attempts ?? 0, { timeout: 30_000 }).toBe(1);
    await server.kill();
    expect(receiver.received.map((r) => r.status)).toEqual([500]);
    expect(deliveriesOf(server)).toMatchObject([{ state: "pending", attempts: 1, last_status: 500 }]);
    const retried = deliveriesOf(server)[0]?.message_id;

    // Queued while no server runs: the command line writes the queue in SQLite, as the desk does.
    const second = await publishedClaimOn(server, reviewer, editor);
    expect(deliveriesOf(server).map((d) => d.state)).toEqual(["pending", "pending"]);

    await server.restart();
    await expect
      .poll(() => deliveriesOf(server).map((d) => d.state), { timeout: 60_000 })
      .toEqual(["delivered", "delivered"]);
    expect(receiver.received.map((r) => r.status)).toEqual([500, 200, 200]);
    expect(signedBy(secret, receiver)).toEqual([true, true, true]);
    const arrived = receiver.received.slice(1).map((r) => ({
      id: r.headers["webhook-id"],
      slug: payloadSchema.parse(JSON.parse(r.body)).data.slug,
    }));
    // The retry carries the first attempt's webhook-id, so a receiver can tell it is the same event.
    expect(arrived).toContainEqual({ id: retried, slug: first });
    expect(arrived.map((a) => a.slug).sort()).toEqual([first, second].sort());
  } finally {
    await context.close().catch(() => undefined);
    await server.close();
    await receiver.close();
  }
});
