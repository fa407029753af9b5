import "server-only";
import { lookup as systemLookup } from "node:dns/promises";
import http, { type IncomingHttpHeaders } from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { pipeline, type Readable } from "node:stream";
import zlib from "node:zlib";
import { z } from "zod";
import { addressRefusal, literalAddress, type AddressFamily, type ResolvedAddress } from "./addresses";
import { pageText } from "./page-text";
import { sha256 } from "./snapshot";

/**
 * Fetches a cited page on the server so its text can be kept as a snapshot
 * (issue 5, item 4). Reviewers choose the URL, so the fetcher must not become
 * a way into the desk's own network (server-side request forgery):
 *
 * - only http: and https:, no user name or password in the URL;
 * - every address a host name resolves to must be public (addresses.ts),
 *   unless private addresses are allowed for tests;
 * - the connection goes to the very addresses that were checked: the socket's
 *   DNS lookup is replaced by one that returns them, so a second answer from a
 *   rebinding DNS server is never asked for;
 * - redirects are followed by hand, at most five, each one checked the same way;
 * - one deadline covers every lookup, redirect and byte of the body;
 * - only the first `maxBytes` of the (decompressed) body are read. A longer
 *   page is cut there and marked `truncated`; the snapshot is of that part,
 *   and since a re-check cuts at the same place, the hashes stay comparable.
 */

export const DEFAULT_TIMEOUT_MS = 8_000;
export const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;
export const MAX_REDIRECTS = 5;
const MAX_URL_LENGTH = 2_048;

const READABLE_TYPES = new Set(["text/html", "text/plain", "application/xhtml+xml", "application/json"]);

const REQUEST_HEADERS: Readonly<Record<string, string>> = {
  "user-agent": "Claimtrail/0.1 (fact-check evidence snapshot)",
  accept: "text/html,application/xhtml+xml,text/plain;q=0.9,application/json;q=0.8",
  "accept-encoding": "gzip, deflate, br",
};

export type FetchSnapshotResult =
  | {
      ok: true;
      /** Where the page was finally read, after redirects. */
      finalUrl: string;
      status: number;
      /** The media type only, lower case ("text/html"). */
      contentType: string;
      /** The page's readable text (pageText), the snapshot itself. */
      text: string;
      /** SHA-256 of `text`. */
      sha256: string;
      /** ISO 8601 UTC time the response arrived. */
      fetchedAt: string;
      /** True when the body was longer than `maxBytes` and only its beginning was read. */
      truncated: boolean;
    }
  | { ok: false; error: string; reason: FetchRefusalReason };

/**
 * Why a fetch gave no page, so a caller can word the refusal for its own form:
 * `url` a bad or unfetchable address, `address` a private, loopback or
 * otherwise non-public one (after any redirect), `status` an HTTP error,
 * `type` content the caller cannot read, `empty` no readable text, `timeout`
 * the deadline, `network` anything the connection or the server did.
 */
export type FetchRefusalReason = "url" | "address" | "redirect" | "status" | "type" | "empty" | "timeout" | "network";

/** A fetched page as its decoded text (HTML as sent, not yet read), for callers that read it themselves. */
export type FetchPageResult =
  | {
      ok: true;
      finalUrl: string;
      status: number;
      contentType: string;
      /** The body decoded to text: the page's markup for HTML. */
      body: string;
      fetchedAt: string;
      truncated: boolean;
    }
  | { ok: false; error: string; reason: FetchRefusalReason };

/** Looks up every address of a host name. */
export type HostResolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

export interface TransportRequest {
  url: URL;
  /** The checked addresses of url's host; the connection must go to one of these. */
  addresses: readonly ResolvedAddress[];
  headers: Readonly<Record<string, string>>;
  signal: AbortSignal;
}

export interface TransportResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Readable;
}

/** Sends one GET request and resolves when the response headers arrive. */
export type EvidenceTransport = (request: TransportRequest) => Promise<TransportResponse>;

export interface FetchSnapshotOptions {
  /** Allow private, loopback and link-local addresses. Default: evidenceFetchSettings().allowPrivate. */
  allowPrivate?: boolean;
  /** One deadline for the whole fetch, redirects included. Default 8 s. */
  timeoutMs?: number;
  /** Most body bytes read (after decompression). Default 2 MB. */
  maxBytes?: number;
  /** Replaces the system DNS lookup (tests). */
  resolveHost?: HostResolver;
  /** Replaces the pinned node:http(s) transport (tests). */
  transport?: EvidenceTransport;
  /** Ports the fetcher may connect to. Default: evidenceFetchSettings().ports (80 and 443). */
  ports?: EvidencePorts;
}

/** The ports evidence fetches may use: a list, or "any" (for tests serving pages on a free port). */
export type EvidencePorts = readonly number[] | "any";
export const DEFAULT_EVIDENCE_PORTS: readonly number[] = [80, 443];

const portsSchema = z
  .string()
  .trim()
  .transform((value, ctx): EvidencePorts => {
    if (value === "any") return "any";
    const ports = value.split(",").map((p) => p.trim());
    if (ports.some((p) => !/^\d{1,5}$/.test(p) || Number(p) < 1 || Number(p) > 65535)) {
      ctx.addIssue({ code: "custom", message: "EVIDENCE_FETCH_PORTS must be a comma-separated list of ports (1-65535), or any." });
      return z.NEVER;
    }
    return [...new Set(ports.map(Number))];
  });

export interface FetchPageOptions extends FetchSnapshotOptions {
  /** Media types the caller reads; any other is refused with `typeRefusal`. Default: HTML, XHTML, plain text, JSON. */
  mediaTypes?: ReadonlySet<string>;
  /** The refusal of a page of another type; `mediaType` is "" when the server did not say. */
  typeRefusal?: (mediaType: string) => string;
  /** The Accept header sent. */
  accept?: string;
}

const settingsSchema = z.object({
  EVIDENCE_FETCH_ALLOW_PRIVATE: z
    .enum(["0", "1"], {
      message: "EVIDENCE_FETCH_ALLOW_PRIVATE must be 1 (let evidence fetches reach private addresses, for tests) or 0.",
    })
    .default("0"),
  EVIDENCE_FETCH_PORTS: portsSchema.default(DEFAULT_EVIDENCE_PORTS),
});

export interface EvidenceFetchSettings {
  allowPrivate: boolean;
  ports: EvidencePorts;
}

/**
 * The server-wide fetch setting: EVIDENCE_FETCH_ALLOW_PRIVATE=1 lets the
 * fetcher reach private and loopback addresses, so tests can cite pages they
 * serve themselves. Never set it in production.
 */
export function evidenceFetchSettings(
  env: Readonly<Record<string, string | undefined>> = process.env,
): EvidenceFetchSettings {
  const parsed = settingsSchema.safeParse({
    EVIDENCE_FETCH_ALLOW_PRIVATE: env.EVIDENCE_FETCH_ALLOW_PRIVATE || undefined,
    EVIDENCE_FETCH_PORTS: env.EVIDENCE_FETCH_PORTS || undefined,
  });
  if (!parsed.success)
    throw new Error(`Bad evidence fetch configuration: ${parsed.error.issues.map((i) => i.message).join(" ")}`);
  return { allowPrivate: parsed.data.EVIDENCE_FETCH_ALLOW_PRIVATE === "1", ports: parsed.data.EVIDENCE_FETCH_PORTS };
}

/** The one answer for a host that is not on the public internet, whatever it resolved to. */
export const NOT_PUBLIC = "That address is not on the public internet, and the desk fetches pages only from the public internet.";

/** A refusal or failure whose message is written for the reviewer. */
class FetchRefused extends Error {
  constructor(
    message: string,
    readonly reason: FetchRefusalReason,
  ) {
    super(message);
  }
}

interface FetchContext {
  allowPrivate: boolean;
  ports: EvidencePorts;
  maxBytes: number;
  mediaTypes: ReadonlySet<string>;
  typeRefusal: (mediaType: string) => string;
  headers: Readonly<Record<string, string>>;
  resolveHost: HostResolver;
  transport: EvidenceTransport;
  signal: AbortSignal;
  /** The URL being fetched now, for error messages. */
  current: URL | null;
}

/**
 * Fetches a page for a snapshot. Whatever the page, the network or DNS does, the
 * answer is a value (a refusal carries a sentence for the reviewer); it throws
 * only for nonsensical options or a bad EVIDENCE_FETCH_ALLOW_PRIVATE.
 */
export async function fetchSnapshot(url: string, options: FetchSnapshotOptions = {}): Promise<FetchSnapshotResult> {
  const page = await fetchPage(url, options);
  if (!page.ok) return page;
  const text = pageText(page.body, page.contentType);
  if (text === "") {
    return {
      ok: false,
      reason: "empty",
      error:
        "The page has no readable text (it may be built by JavaScript in the browser); paste the quoted passage by hand instead.",
    };
  }
  const { finalUrl, status, contentType, fetchedAt, truncated } = page;
  return { ok: true, finalUrl, status, contentType, text, sha256: sha256(text), fetchedAt, truncated };
}

/**
 * Fetches a page under the same rules as fetchSnapshot and hands back its
 * decoded body for the caller to read (article import reads the markup for
 * its byline and dates). Never throws for anything the page or network does.
 */
export async function fetchPage(url: string, options: FetchPageOptions = {}): Promise<FetchPageResult> {
  const timeoutMs = positiveOption("timeoutMs", options.timeoutMs, DEFAULT_TIMEOUT_MS);
  const controller = new AbortController();
  const settings = options.allowPrivate === undefined || options.ports === undefined ? evidenceFetchSettings() : null;
  const context: FetchContext = {
    allowPrivate: options.allowPrivate ?? settings?.allowPrivate ?? false,
    ports: options.ports ?? settings?.ports ?? DEFAULT_EVIDENCE_PORTS,
    maxBytes: positiveOption("maxBytes", options.maxBytes, DEFAULT_MAX_BYTES),
    mediaTypes: options.mediaTypes ?? READABLE_TYPES,
    typeRefusal: options.typeRefusal ?? snapshotTypeRefusal,
    headers: options.accept ? { ...REQUEST_HEADERS, accept: options.accept } : REQUEST_HEADERS,
    resolveHost: options.resolveHost ?? resolveWithSystem,
    transport: options.transport ?? pinnedTransport,
    signal: controller.signal,
    current: null,
  };
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    return await fetchFollowingRedirects(url, context);
  } catch (error) {
    if (error instanceof FetchRefused) return { ok: false, error: error.message, reason: error.reason };
    if (controller.signal.aborted) {
      return {
        ok: false,
        reason: "timeout",
        error: `The page did not finish loading within ${seconds(timeoutMs)}, so the desk stopped waiting.`,
      };
    }
    return { ok: false, reason: "network", error: failureMessage(error, context.current?.host ?? "the server") };
  } finally {
    clearTimeout(timer);
  }
}

function snapshotTypeRefusal(mediaType: string): string {
  return mediaType === ""
    ? "The server did not say what kind of content the page is, so its text was not kept; paste the quoted passage by hand instead."
    : `The address serves ${mediaType}, not a web page or plain text, so its text cannot be kept; paste the quoted passage by hand instead.`;
}

function positiveOption(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new TypeError(`fetchSnapshot: ${name} must be a positive number.`);
  return value;
}

function seconds(ms: number): string {
  const value = Number((ms / 1000).toFixed(1));
  return `${value} second${value === 1 ? "" : "s"}`;
}

async function fetchFollowingRedirects(start: string, context: FetchContext): Promise<FetchPageResult> {
  let url = parseTarget(start, null);
  for (let redirects = 0; ; redirects++) {
    context.current = url;
    const addresses = await permittedAddresses(url, context);
    checkPort(url, context);
    const response = await abortable(
      context.transport({ url, addresses, headers: context.headers, signal: context.signal }),
      context.signal,
      (late) => late.body.destroy(),
    );
    if (!isRedirect(response.status)) return await readPage(url, response, context);

    response.body.destroy();
    if (redirects >= MAX_REDIRECTS) {
      throw new FetchRefused(
        `The page redirected more than ${MAX_REDIRECTS} times, so the desk stopped following it.`,
        "redirect",
      );
    }
    const location = response.headers.location;
    if (!location)
      throw new FetchRefused(
        `The page answered with a redirect (HTTP ${response.status}) but did not say where to.`,
        "redirect",
      );
    url = parseTarget(location, url);
  }
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/** A URL the desk may ask for, or a refusal. `from` is the page that redirected here, if any. */
function parseTarget(raw: string, from: URL | null): URL {
  const where = from ? "The page redirected to an address that" : "The address";
  const reason = from ? "redirect" : "url";
  if (raw.length > MAX_URL_LENGTH)
    throw new FetchRefused(`${where} is longer than ${MAX_URL_LENGTH} characters.`, reason);
  let url: URL;
  try {
    url = from ? new URL(raw.trim(), from) : new URL(raw.trim());
  } catch {
    throw new FetchRefused(
      from
        ? "The page redirected to an address that is not valid."
        : "That is not a valid web address; it should start with https:// or http://.",
      reason,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new FetchRefused(
      from
        ? `The page redirected to a ${url.protocol} address; only http:// and https:// addresses are followed.`
        : `Only http:// and https:// addresses can be fetched, not ${url.protocol} ones.`,
      reason,
    );
  }
  if (url.username !== "" || url.password !== "") {
    throw new FetchRefused(
      `${where} has a user name or password in it, which the desk does not send anywhere.`,
      reason,
    );
  }
  if (url.hostname === "") throw new FetchRefused(`${where} has no server name.`, reason);
  url.hash = "";
  return url;
}

function checkPort(url: URL, context: FetchContext): void {
  if (context.ports === "any") return;
  const port = url.port === "" ? (url.protocol === "https:" ? 443 : 80) : Number(url.port);
  if (!context.ports.includes(port)) {
    throw new FetchRefused(
      `The desk fetches pages only on the usual web ports (${context.ports.join(", ")}), and this address uses port ${port}.`,
      "url",
    );
  }
}

/**
 * Every address of the URL's host, each one checked. A refusal does not say
 * which address the name resolved to: that would map the internal network for
 * whoever asks.
 */
async function permittedAddresses(url: URL, context: FetchContext): Promise<readonly ResolvedAddress[]> {
  const literal = literalAddress(url.hostname);
  let addresses: readonly ResolvedAddress[];
  if (literal) {
    addresses = [literal];
  } else {
    try {
      addresses = await abortable(context.resolveHost(url.hostname), context.signal);
    } catch (error) {
      if (context.signal.aborted) throw error;
      throw new FetchRefused(lookupFailureMessage(error, url.hostname), "network");
    }
    if (addresses.length === 0)
      throw new FetchRefused(`The server name ${url.hostname} could not be found.`, "network");
  }

  for (const { address, family } of addresses) {
    if (isIP(address) !== family)
      throw new FetchRefused(`The server name ${url.hostname} could not be found.`, "network");
    if (context.allowPrivate) continue;
    const refusal = addressRefusal(address);
    if (refusal !== null) throw new FetchRefused(NOT_PUBLIC, "address");
  }
  return addresses;
}

/** The system resolver: every address of a host name, as the evidence fetcher and webhook sender look it up. */
export const resolveWithSystem: HostResolver = async (hostname) => {
  const found = await systemLookup(hostname, { all: true, verbatim: true });
  return found.flatMap(({ address, family }): ResolvedAddress[] =>
    family === 4 || family === 6 ? [{ address, family }] : [],
  );
};

function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined;
  return typeof error.code === "string" ? error.code : undefined;
}

function lookupFailureMessage(error: unknown, hostname: string): string {
  const code = errorCode(error);
  if (code === "EAI_AGAIN" || code === "ETIMEOUT") {
    return `The server name ${hostname} could not be looked up just now; try again later.`;
  }
  return `The server name ${hostname} could not be found.`;
}

const TLS_CERTIFICATE_CODES = new Set([
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

function failureMessage(error: unknown, host: string): string {
  const code = errorCode(error) ?? "";
  if (code === "ECONNREFUSED") return `The server at ${host} refused the connection.`;
  if (code === "EHOSTUNREACH" || code === "ENETUNREACH") return `The server at ${host} cannot be reached from here.`;
  if (code === "ETIMEDOUT") return `The server at ${host} did not answer.`;
  if (code === "ECONNRESET" || code === "EPIPE" || code === "ERR_STREAM_PREMATURE_CLOSE") {
    return `The connection to ${host} was cut off before the page arrived.`;
  }
  if (TLS_CERTIFICATE_CODES.has(code))
    return `The secure connection to ${host} failed: its certificate could not be trusted.`;
  if (code.startsWith("ERR_SSL") || code.startsWith("ERR_TLS")) return `The secure connection to ${host} failed.`;
  if (code.startsWith("HPE_")) return `The server at ${host} sent a response that is not valid HTTP.`;
  if (code.startsWith("Z_") || code.startsWith("ERR__"))
    return `The page from ${host} was compressed, and its compressed data is damaged.`;
  return `The page at ${host} could not be fetched${code ? ` (${code})` : ""}.`;
}

/** Settles with the promise, or rejects when the signal aborts first; a value that arrives too late goes to `discard`. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal, discard?: (late: T) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        if (signal.aborted) discard?.(value);
        else resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/**
 * The default transport: node:http(s) with no connection pooling (a pooled
 * socket could lead to an address checked under other rules) and a lookup
 * that can only answer with the addresses already checked.
 */
export const pinnedTransport: EvidenceTransport = ({ url, addresses, headers, signal }) =>
  new Promise<TransportResponse>((resolve, reject) => {
    const client = url.protocol === "https:" ? https : http;
    const request = client.request(
      {
        protocol: url.protocol,
        hostname: literalAddress(url.hostname)?.address ?? url.hostname,
        port: url.port === "" ? undefined : Number(url.port),
        path: `${url.pathname}${url.search}`,
        method: "GET",
        headers,
        agent: false,
        lookup: pinnedLookup(addresses),
        signal,
      },
      (response) => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: response }),
    );
    request.on("error", reject);
    request.end();
  });

/** A socket lookup that can only answer with addresses already checked (no second DNS answer). */
export function pinnedLookup(addresses: readonly ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const family: AddressFamily | 0 =
      options.family === 4 || options.family === "IPv4" ? 4 : options.family === 6 || options.family === "IPv6" ? 6 : 0;
    const candidates = family === 0 ? addresses : addresses.filter((entry) => entry.family === family);
    // Answer asynchronously, as dns.lookup does; net expects it.
    process.nextTick(() => {
      const first = candidates[0];
      if (!first) {
        const error: NodeJS.ErrnoException = new Error("No checked address of that family.");
        error.code = "ENOTFOUND";
        callback(error, []);
      } else if (options.all) {
        callback(
          null,
          candidates.map(({ address, family: entryFamily }) => ({ address, family: entryFamily })),
        );
      } else {
        callback(null, first.address, first.family);
      }
    });
  };
}

async function readPage(url: URL, response: TransportResponse, context: FetchContext): Promise<FetchPageResult> {
  const fetchedAt = new Date().toISOString();
  const { status, headers, body } = response;
  if (status < 200 || status > 299) {
    body.destroy();
    const reason = http.STATUS_CODES[status];
    throw new FetchRefused(
      `The page answered with HTTP ${status}${reason ? ` (${reason})` : ""} instead of the page.`,
      "status",
    );
  }

  const { mediaType, charset } = parseContentType(headers["content-type"]);
  if (!context.mediaTypes.has(mediaType)) {
    body.destroy();
    throw new FetchRefused(context.typeRefusal(mediaType), "type");
  }

  const decoded = decompressed(body, headers["content-encoding"]);
  const { bytes, truncated } = await readCapped(decoded, context.maxBytes, context.signal);
  return {
    ok: true,
    finalUrl: url.href,
    status,
    contentType: mediaType,
    body: decodeText(bytes, charset, mediaType),
    fetchedAt,
    truncated,
  };
}

function parseContentType(header: string | undefined): { mediaType: string; charset: string | undefined } {
  if (!header) return { mediaType: "", charset: undefined };
  const [type = "", ...parameters] = header.split(";");
  let charset: string | undefined;
  for (const parameter of parameters) {
    const equals = parameter.indexOf("=");
    if (equals === -1 || parameter.slice(0, equals).trim().toLowerCase() !== "charset") continue;
    charset =
      parameter
        .slice(equals + 1)
        .trim()
        .replace(/^"(.*)"$/, "$1")
        .trim() || undefined;
  }
  return { mediaType: type.trim().toLowerCase(), charset };
}

function decompressed(body: Readable, encodingHeader: string | undefined): Readable {
  const encoding = (encodingHeader ?? "").trim().toLowerCase();
  const ignore = (): undefined => undefined; // errors reach the reader through the last stream
  switch (encoding) {
    case "":
    case "identity":
      return body;
    case "gzip":
    case "x-gzip":
      return pipeline(body, zlib.createGunzip(), ignore);
    case "deflate":
      return pipeline(body, zlib.createInflate(), ignore);
    case "br":
      return pipeline(body, zlib.createBrotliDecompress(), ignore);
    default:
      body.destroy();
      throw new FetchRefused(`The page is compressed as “${encoding}”, which the desk cannot read.`, "network");
  }
}

/** The first `maxBytes` of a stream, and whether there was more. Stops reading (and closes the stream) at the cap. */
async function readCapped(
  stream: Readable,
  maxBytes: number,
  signal: AbortSignal,
): Promise<{ bytes: Buffer; truncated: boolean }> {
  const onAbort = (): void => {
    stream.destroy(new Error("The fetch deadline passed while the page was being read."));
  };
  signal.addEventListener("abort", onAbort, { once: true });
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  try {
    signal.throwIfAborted();
    for await (const chunk of stream) {
      const buffer: Buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      const room = maxBytes - size;
      if (buffer.length > room) {
        chunks.push(buffer.subarray(0, room));
        size = maxBytes;
        truncated = true;
        break;
      }
      chunks.push(buffer);
      size += buffer.length;
    }
    // A stream closed by the deadline must not pass for a complete page.
    signal.throwIfAborted();
  } finally {
    signal.removeEventListener("abort", onAbort);
    stream.destroy();
  }
  return { bytes: Buffer.concat(chunks, size), truncated };
}

/** Byte order mark, then the Content-Type charset, then an HTML <meta> charset, then UTF-8. */
function decodeText(bytes: Buffer, charset: string | undefined, mediaType: string): string {
  const label =
    byteOrderMark(bytes) ?? charset ?? (mediaType === "application/json" ? undefined : metaCharset(bytes)) ?? "utf-8";
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label);
  } catch {
    decoder = new TextDecoder("utf-8");
  }
  return decoder.decode(bytes);
}

function byteOrderMark(bytes: Buffer): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return "utf-8";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  return undefined;
}

/** Browsers look for <meta charset> in the first 1024 bytes; a UTF-16 label there means UTF-8 (the bytes were ASCII). */
function metaCharset(bytes: Buffer): string | undefined {
  const head = bytes.subarray(0, 1024).toString("latin1");
  for (const [tag] of head.matchAll(/<meta\b[^>]*>/gi)) {
    const label = /charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(tag)?.[1];
    if (label) return /^utf-?16/i.test(label) ? "utf-8" : label;
  }
  return undefined;
}
