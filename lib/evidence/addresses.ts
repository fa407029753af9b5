import "server-only";
import { isIP } from "node:net";

/**
 * Which addresses the evidence fetcher may connect to. The server fetches
 * pages that reviewers name, so without this rule a reviewer (or a page that
 * redirects) could make it read the desk's own network: the loopback admin
 * port, a router, or a cloud metadata service (issue 5, item 4).
 *
 * Anything that is not plainly on the public internet is refused: IPv6 is
 * allowed only inside global unicast (2000::/3), minus the special blocks in it.
 */

export type AddressFamily = 4 | 6;

export interface ResolvedAddress {
  address: string;
  family: AddressFamily;
}

/** Why an address may not be fetched, as words that fit "… points to X, <reason>", or null when it is public. */
export function addressRefusal(address: string): string | null {
  const family = isIP(address);
  if (family === 4) {
    const octets = parseIPv4(address);
    return octets ? ipv4Refusal(octets) : "not a valid address";
  }
  if (family === 6) {
    const groups = parseIPv6(address);
    return groups ? ipv6Refusal(groups) : "not a valid address";
  }
  return "not a valid address";
}

/** The IP family of a literal address, or null when it is a host name. Accepts the bracketed form URLs use. */
export function literalAddress(hostname: string): ResolvedAddress | null {
  const bare = hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
  const family = isIP(bare);
  if (family === 4) return { address: bare, family: 4 };
  if (family === 6) return { address: bare, family: 6 };
  return null;
}

type Octets = readonly [number, number, number, number];

function parseIPv4(address: string): Octets | null {
  const parts = address.split(".");
  if (parts.length !== 4) return null;
  const octets = parts.map((part) => (/^\d{1,3}$/.test(part) ? Number(part) : Number.NaN));
  if (octets.some((octet) => !(octet >= 0 && octet <= 255))) return null;
  const [a = 0, b = 0, c = 0, d = 0] = octets;
  return [a, b, c, d];
}

function inIPv4Block(octets: Octets, base: Octets, prefix: number): boolean {
  const value = ipv4Number(octets);
  const start = ipv4Number(base);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return (value & mask) >>> 0 === (start & mask) >>> 0;
}

function ipv4Number([a, b, c, d]: Octets): number {
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

// Order matters: the metadata address sits inside link-local and gets its own words.
const IPV4_BLOCKS: readonly { base: Octets; prefix: number; reason: string }[] = [
  { base: [169, 254, 169, 254], prefix: 32, reason: "the cloud metadata address" },
  { base: [255, 255, 255, 255], prefix: 32, reason: "the broadcast address" },
  { base: [0, 0, 0, 0], prefix: 8, reason: "a “this network” address" },
  { base: [10, 0, 0, 0], prefix: 8, reason: "a private-network address" },
  { base: [100, 64, 0, 0], prefix: 10, reason: "a carrier-grade NAT (shared) address" },
  { base: [127, 0, 0, 0], prefix: 8, reason: "a loopback address" },
  { base: [169, 254, 0, 0], prefix: 16, reason: "a link-local address" },
  { base: [172, 16, 0, 0], prefix: 12, reason: "a private-network address" },
  { base: [192, 0, 0, 0], prefix: 24, reason: "a reserved address" },
  { base: [192, 0, 2, 0], prefix: 24, reason: "a documentation address" },
  { base: [192, 88, 99, 0], prefix: 24, reason: "a reserved relay address" },
  { base: [192, 168, 0, 0], prefix: 16, reason: "a private-network address" },
  { base: [198, 18, 0, 0], prefix: 15, reason: "a benchmarking address" },
  { base: [198, 51, 100, 0], prefix: 24, reason: "a documentation address" },
  { base: [203, 0, 113, 0], prefix: 24, reason: "a documentation address" },
  { base: [224, 0, 0, 0], prefix: 4, reason: "a multicast address" },
  { base: [240, 0, 0, 0], prefix: 4, reason: "a reserved address" },
];

function ipv4Refusal(octets: Octets): string | null {
  return IPV4_BLOCKS.find((block) => inIPv4Block(octets, block.base, block.prefix))?.reason ?? null;
}

type Groups = readonly number[]; // eight 16-bit groups

/** Eight 16-bit groups, or null. Handles "::", a dotted IPv4 tail and a zone ("%eth0", ignored). */
function parseIPv6(input: string): Groups | null {
  const zone = input.indexOf("%");
  let text = zone === -1 ? input : input.slice(0, zone);

  let tail: number[] = [];
  const lastColon = text.lastIndexOf(":");
  if (lastColon === -1) return null;
  const last = text.slice(lastColon + 1);
  if (last.includes(".")) {
    const octets = parseIPv4(last);
    if (!octets) return null;
    tail = [(octets[0] << 8) | octets[1], (octets[2] << 8) | octets[3]];
    text = text.slice(0, lastColon + 1);
    if (!text.endsWith("::")) text = text.slice(0, -1);
  }

  const halves = text.split("::");
  if (halves.length > 2) return null;
  const parseHalf = (half: string): number[] | null => {
    if (half === "") return [];
    const groups = half
      .split(":")
      .map((group) => (/^[0-9a-fA-F]{1,4}$/.test(group) ? parseInt(group, 16) : Number.NaN));
    return groups.some(Number.isNaN) ? null : groups;
  };
  const head = parseHalf(halves[0] ?? "");
  const rest = parseHalf(halves[1] ?? "");
  if (!head || !rest) return null;

  if (halves.length === 1) {
    const groups = [...head, ...tail];
    return groups.length === 8 ? groups : null;
  }
  const missing = 8 - head.length - rest.length - tail.length;
  return missing < 1 ? null : [...head, ...new Array<number>(missing).fill(0), ...rest, ...tail];
}

function embeddedIPv4(high: number, low: number): Octets {
  return [high >> 8, high & 0xff, low >> 8, low & 0xff];
}

function ipv6Refusal(groups: Groups): string | null {
  const g = (index: number): number => groups[index] ?? 0;
  const allZeroUpTo = (count: number): boolean => groups.slice(0, count).every((group) => group === 0);

  if (allZeroUpTo(8)) return "the unspecified address";
  if (allZeroUpTo(7) && g(7) === 1) return "a loopback address";

  // IPv4 addresses written as IPv6 reach the same machines, so they follow the IPv4 rules.
  const embedded = (octets: Octets, form: string): string | null => {
    const reason = ipv4Refusal(octets);
    return reason ? `${reason} (${octets.join(".")} ${form})` : null;
  };
  if (allZeroUpTo(5) && g(5) === 0xffff) return embedded(embeddedIPv4(g(6), g(7)), "written as IPv6");
  if (g(0) === 0x64 && g(1) === 0xff9b && groups.slice(2, 6).every((group) => group === 0)) {
    return embedded(embeddedIPv4(g(6), g(7)), "through NAT64");
  }
  if (g(0) === 0x2002) return embedded(embeddedIPv4(g(1), g(2)), "through 6to4");

  const first = g(0);
  if ((first & 0xfe00) === 0xfc00) return "a unique-local (private) IPv6 address";
  if ((first & 0xffc0) === 0xfe80) return "a link-local address";
  if ((first & 0xffc0) === 0xfec0) return "a site-local (private) IPv6 address";
  if ((first & 0xff00) === 0xff00) return "a multicast address";
  if ((first & 0xe000) !== 0x2000) return "a reserved address";
  if (first === 0x2001 && g(1) === 0x0db8) return "a documentation address";
  if (first === 0x2001 && g(1) === 0) return "a Teredo tunnel address";
  if (first === 0x2001 && g(1) < 0x0200) return "a reserved address";
  return null;
}
