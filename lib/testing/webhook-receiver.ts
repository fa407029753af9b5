// A webhook receiver for the tests: a plain Node http server on 127.0.0.1
// (a free port, or the one asked for, so a test can bring it back on the same
// address) that records every request (a POST, or a purge's GET) with its headers and raw body and answers
// with the next status of a script (then 200 for ever).
import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";

export interface ReceivedWebhook {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  status: number;
}

export interface WebhookReceiver {
  url: string;
  port: number;
  received: ReceivedWebhook[];
  /** Statuses answered before the default 200, first one first. */
  answers: number[];
  close(): Promise<void>;
}

export async function startWebhookReceiver(
  options: { port?: number; answers?: number[] } = {},
): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const answers = [...(options.answers ?? [])];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const status = answers.shift() ?? 200;
      received.push({
        method: request.method ?? "GET",
        path: request.url ?? "/",
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        status,
      });
      response.writeHead(status, { "content-type": "text/plain" }).end(status === 200 ? "ok" : "not now");
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("The webhook receiver has no TCP address.");
  return {
    url: `http://127.0.0.1:${address.port}/hooks/claimtrail`,
    port: address.port,
    received,
    answers,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The Standard Webhooks check, written out as a receiver would: HMAC-SHA256
 * over "id.timestamp.body" with the base64 key after "whsec_", compared with
 * each "v1," signature in the header. Deliberately not the desk's own code.
 */
export function verifyStandardWebhook(secret: string, headers: http.IncomingHttpHeaders, body: string): boolean {
  const id = headers["webhook-id"];
  const timestamp = headers["webhook-timestamp"];
  const signatures = headers["webhook-signature"];
  if (typeof id !== "string" || typeof timestamp !== "string" || typeof signatures !== "string") return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const expected = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest();
  return signatures.split(" ").some((entry) => {
    const [version, signature] = entry.split(",");
    if (version !== "v1" || !signature) return false;
    const given = Buffer.from(signature, "base64");
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
