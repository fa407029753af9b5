import "server-only";
import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { addressRefusal, literalAddress, type ResolvedAddress } from "@/lib/evidence/addresses";
import { pinnedLookup, resolveWithSystem, type HostResolver } from "@/lib/evidence/safe-fetch";

// One POST of a signed delivery. Admins choose the URL, so it goes through the
// same guard as evidence fetches (lib/evidence): every address the host
// resolves to must be public unless the endpoint allows private ones, and the
// socket connects to exactly the addresses checked. Redirects are never
// followed (a 3xx is a failed attempt), one deadline covers the whole
// exchange, and only the first KB of the answer is read, for the log.

export const SEND_TIMEOUT_MS = 10_000;
const MAX_RESPONSE_BYTES = 1_024;
const MAX_URL_LENGTH = 2_048;

export type SendOutcome =
  { ok: true; status: number } | { ok: false; status: number | null; error: string; refused?: boolean };

export interface SendRequest {
  url: string;
  allowPrivate: boolean;
  headers: Readonly<Record<string, string>>;
  body: string;
  timeoutMs?: number;
  /** Replaces the system DNS lookup (tests). */
  resolveHost?: HostResolver;
}

export const NOT_PUBLIC_TARGET =
  "The address is not on the public internet; tick “Allow a private address” on the endpoint to send there.";

/** Why a URL cannot be a webhook target as written, or null. Host names are checked when sending. */
export function targetRefusal(raw: string, allowPrivate: boolean): string | null {
  if (raw.length > MAX_URL_LENGTH) return `The address is longer than ${MAX_URL_LENGTH} characters.`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "That is not a valid web address; it should start with https:// or http://.";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return "Only http:// and https:// addresses can receive webhooks.";
  if (url.username !== "" || url.password !== "")
    return "The address has a user name or password in it; the desk signs its deliveries instead.";
  if (url.hostname === "") return "The address has no server name.";
  if (allowPrivate) return null;
  const literal = literalAddress(url.hostname);
  if (literal && addressRefusal(literal.address) !== null) return NOT_PUBLIC_TARGET;
  // Names that always mean this machine (RFC 6761) are refused before any lookup; other names are checked when sending.
  const name = url.hostname.toLowerCase().replace(/\.$/, "");
  if (name === "localhost" || name.endsWith(".localhost")) return NOT_PUBLIC_TARGET;
  return null;
}

async function checkedAddresses(
  url: URL,
  allowPrivate: boolean,
  resolveHost: HostResolver,
): Promise<readonly ResolvedAddress[]> {
  const literal = literalAddress(url.hostname);
  const addresses = literal ? [literal] : await resolveHost(url.hostname);
  if (addresses.length === 0) throw new Refused(`The server name ${url.hostname} could not be found.`);
  for (const { address, family } of addresses) {
    if (isIP(address) !== family) throw new Refused(`The server name ${url.hostname} could not be found.`);
    if (!allowPrivate && addressRefusal(address) !== null) throw new Refused(NOT_PUBLIC_TARGET);
  }
  return addresses;
}

class Refused extends Error {}

/** Sends one delivery. Never throws for anything the network or receiver does: the outcome is a value for the log. */
export async function sendDelivery(request: SendRequest): Promise<SendOutcome> {
  const refusal = targetRefusal(request.url, request.allowPrivate);
  if (refusal) return { ok: false, status: null, error: refusal, refused: true };
  const url = new URL(request.url);
  const timeoutMs = request.timeoutMs ?? SEND_TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const addresses = await checkedAddresses(url, request.allowPrivate, request.resolveHost ?? resolveWithSystem);
    const status = await post(url, addresses, request, signal);
    if (status >= 200 && status <= 299) return { ok: true, status };
    if (status >= 300 && status <= 399)
      return {
        ok: false,
        status,
        error: `The receiver answered with a redirect (HTTP ${status}); redirects are not followed.`,
      };
    return {
      ok: false,
      status,
      error: `The receiver answered HTTP ${status}${http.STATUS_CODES[status] ? ` (${http.STATUS_CODES[status]})` : ""}.`,
    };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, status: null, error: error.message, refused: true };
    if (signal.aborted) return { ok: false, status: null, error: `No answer within ${timeoutMs / 1000} seconds.` };
    return { ok: false, status: null, error: networkError(error, url.host) };
  }
}

function post(
  url: URL,
  addresses: readonly ResolvedAddress[],
  request: SendRequest,
  signal: AbortSignal,
): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const client = url.protocol === "https:" ? https : http;
    const outgoing = client.request(
      {
        protocol: url.protocol,
        hostname: literalAddress(url.hostname)?.address ?? url.hostname,
        servername: literalAddress(url.hostname) ? undefined : url.hostname,
        port: url.port === "" ? undefined : Number(url.port),
        path: `${url.pathname}${url.search}`,
        method: "POST",
        headers: { ...request.headers, "content-length": String(Buffer.byteLength(request.body)) },
        // No pooled socket: one could lead to an address checked under other rules.
        agent: false,
        lookup: pinnedLookup(addresses),
        signal,
      },
      (response) => {
        // The status is all the log keeps; a few bytes are read so a small answer ends cleanly.
        let read = 0;
        response.on("data", (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) response.destroy();
        });
        response.on("close", () => resolve(response.statusCode ?? 0));
        response.on("error", () => resolve(response.statusCode ?? 0));
      },
    );
    outgoing.on("error", reject);
    outgoing.end(request.body);
  });
}

function networkError(error: unknown, host: string): string {
  const code =
    typeof error === "object" && error !== null && "code" in error && typeof error.code === "string" ? error.code : "";
  if (code === "ECONNREFUSED") return `The server at ${host} refused the connection.`;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return `The server name ${host} could not be found.`;
  if (code === "ECONNRESET" || code === "EPIPE") return `The connection to ${host} was cut off.`;
  if (code.startsWith("ERR_TLS") || code.startsWith("ERR_SSL") || code.includes("CERT"))
    return `The secure connection to ${host} failed.`;
  return `The delivery to ${host} failed${code ? ` (${code})` : ""}.`;
}
