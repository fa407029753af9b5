import net from "node:net";

/**
 * Who is asking, for per-address limits (sign-in, second factor, correction
 * requests). Next cannot tell: by the time a route or action runs, the
 * socket is gone, and Next itself keeps a client-sent X-Forwarded-For as it
 * is (it only fills the header when none was sent). So the server entry that
 * `npm start` runs in every process (scripts/start/worker.ts) works the
 * address out from the socket and stamps it on the request under
 * CLIENT_ADDRESS_HEADER, deleting any copy the client sent.
 *
 * X-Forwarded-For counts only as far as TRUST_PROXY says (README, Deploying):
 * unset, nothing is trusted and the socket's address is the client's, so a
 * client writing its own header gains nothing.
 */
export const CLIENT_ADDRESS_HEADER = "x-claimtrail-client-address";

// Set by the server entry when it strips and stamps the header on every
// request. A route running under plain `next start` or `next dev` has no
// such entry in front, so a header there came from the client and is ignored.
const STAMPED = Symbol.for("claimtrail.client-address-stamped");

const MAX_ADDRESS_LENGTH = 64;

/** Which proxies in front may speak for the client: none, the nearest N hops, or these addresses. */
export type TrustProxy =
  | { kind: "none" }
  | { kind: "hops"; hops: number }
  | { kind: "addresses"; list: net.BlockList; shown: string };

export type TrustProxyResult = { ok: true; trust: TrustProxy } | { ok: false; error: string };

const TRUST_PROXY_MESSAGE =
  "TRUST_PROXY must be a number of proxy hops (like 1) or a comma-separated list of proxy addresses or ranges (like 127.0.0.1,10.0.0.0/8).";

/** Parses TRUST_PROXY: unset or empty trusts nothing. */
export function parseTrustProxy(value: string | undefined): TrustProxyResult {
  const text = value?.trim() ?? "";
  if (text === "") return { ok: true, trust: { kind: "none" } };
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > 10) return { ok: false, error: `${TRUST_PROXY_MESSAGE} More than 10 hops is not a real set-up.` };
    return { ok: true, trust: hops === 0 ? { kind: "none" } : { kind: "hops", hops } };
  }
  const list = new net.BlockList();
  for (const entry of text.split(",").map((part) => part.trim())) {
    const [address = "", prefix, extra] = entry.split("/");
    const type = net.isIP(address);
    if (type === 0 || extra !== undefined) return { ok: false, error: `${TRUST_PROXY_MESSAGE} "${entry}" is neither.` };
    const family = type === 4 ? "ipv4" : "ipv6";
    if (prefix === undefined) {
      list.addAddress(address, family);
      continue;
    }
    const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
    if (!(bits >= 0 && bits <= (type === 4 ? 32 : 128))) {
      return { ok: false, error: `${TRUST_PROXY_MESSAGE} "${entry}" has no valid prefix length.` };
    }
    list.addSubnet(address, bits, family);
  }
  return { ok: true, trust: { kind: "addresses", list, shown: text } };
}

/** An address as one form: "::ffff:127.0.0.1" (IPv4 on a dual-stack socket) is 127.0.0.1. */
function normalised(address: string | undefined): string | undefined {
  const trimmed = address?.trim();
  if (!trimmed || trimmed.length > MAX_ADDRESS_LENGTH) return undefined;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(trimmed);
  const plain = mapped?.[1] ?? trimmed;
  return net.isIP(plain) === 0 ? undefined : plain.toLowerCase();
}

function isTrusted(trust: TrustProxy, address: string): boolean {
  if (trust.kind !== "addresses") return false;
  return trust.list.check(address, net.isIP(address) === 4 ? "ipv4" : "ipv6");
}

/**
 * The client's address from the socket and X-Forwarded-For, trusting only
 * what `trust` allows. The chain is read from the right (nearest first):
 * each trusted proxy's entry points one hop further left. A malformed hop
 * ends the walk at the last good address, so garbage never becomes a fresh
 * address to count against.
 */
export function resolveClientAddress(input: {
  socketAddress: string | undefined;
  forwardedFor: string | string[] | undefined;
  trust: TrustProxy;
}): string | undefined {
  const socket = normalised(input.socketAddress);
  if (input.trust.kind === "none" || socket === undefined) return socket;
  const header = Array.isArray(input.forwardedFor) ? input.forwardedFor.join(",") : (input.forwardedFor ?? "");
  const hops = header.split(",").filter((hop) => hop.trim() !== "");
  let client = socket;
  for (let index = hops.length - 1, walked = 0; index >= 0; index -= 1, walked += 1) {
    const trusted = input.trust.kind === "hops" ? walked < input.trust.hops : isTrusted(input.trust, client);
    if (!trusted) break;
    const next = normalised(hops[index]);
    if (next === undefined) break;
    client = next;
  }
  return client;
}

/** Called once by the server entry: from now on, CLIENT_ADDRESS_HEADER is ours, never the client's. */
export function markClientAddressStamped(): void {
  (globalThis as Record<symbol, unknown>)[STAMPED] = true;
}

type HeaderSource = Headers | Record<string, unknown> | undefined;

/**
 * The stamped client address of a request, or undefined when there is none
 * to trust (no server entry in front: `next dev`, or a bare `next start`).
 * Per-address limits then fall back to their per-account rules.
 */
export function clientAddressFrom(headers: HeaderSource): string | undefined {
  if ((globalThis as Record<symbol, unknown>)[STAMPED] !== true || headers === undefined) return undefined;
  const value = headers instanceof Headers ? headers.get(CLIENT_ADDRESS_HEADER) : headers[CLIENT_ADDRESS_HEADER];
  return typeof value === "string" ? normalised(value) : undefined;
}
