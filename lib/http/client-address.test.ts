import { afterEach, describe, expect, it } from "vitest";
import {
  CLIENT_ADDRESS_HEADER,
  clientAddressFrom,
  markClientAddressStamped,
  parseTrustProxy,
  resolveClientAddress,
  type TrustProxy,
} from "./client-address";

function trust(value: string | undefined): TrustProxy {
  const parsed = parseTrustProxy(value);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.trust;
}

describe("parseTrustProxy", () => {
  it("trusts nothing when unset, empty or zero", () => {
    expect(trust(undefined)).toEqual({ kind: "none" });
    expect(trust("  ")).toEqual({ kind: "none" });
    expect(trust("0")).toEqual({ kind: "none" });
  });

  it("reads hop counts and address lists", () => {
    expect(trust("2")).toEqual({ kind: "hops", hops: 2 });
    expect(trust("127.0.0.1, 10.0.0.0/8, ::1").kind).toBe("addresses");
  });

  it("refuses what is neither, with a message naming the entry", () => {
    for (const bad of ["yes", "10.0.0.0/33", "10.0.0.1/8/1", "example.org", "11"]) {
      const parsed = parseTrustProxy(bad);
      expect(parsed.ok, bad).toBe(false);
      if (!parsed.ok) expect(parsed.error).toMatch(/TRUST_PROXY/);
    }
    const parsed = parseTrustProxy("10.0.0.1,proxy");
    expect(parsed.ok || parsed.error).toContain('"proxy"');
  });
});

describe("resolveClientAddress", () => {
  it("uses the socket and ignores a client-sent X-Forwarded-For when nothing is trusted", () => {
    const none = trust(undefined);
    expect(resolveClientAddress({ socketAddress: "198.51.100.4", forwardedFor: "203.0.113.9", trust: none })).toBe("198.51.100.4");
    expect(resolveClientAddress({ socketAddress: "::ffff:127.0.0.1", forwardedFor: undefined, trust: none })).toBe("127.0.0.1");
    expect(resolveClientAddress({ socketAddress: undefined, forwardedFor: "203.0.113.9", trust: none })).toBeUndefined();
  });

  it("takes the hop the trusted proxies appended, never one the client wrote before them", () => {
    const one = trust("1");
    // nginx on loopback appended the address it saw (198.51.100.4) after the client's own "6.6.6.6".
    expect(resolveClientAddress({ socketAddress: "127.0.0.1", forwardedFor: "6.6.6.6, 198.51.100.4", trust: one })).toBe("198.51.100.4");
    expect(resolveClientAddress({ socketAddress: "127.0.0.1", forwardedFor: ["6.6.6.6", "198.51.100.4"], trust: one })).toBe("198.51.100.4");
    // Two proxies (a CDN, then nginx): the CDN's entry is the client.
    expect(resolveClientAddress({ socketAddress: "127.0.0.1", forwardedFor: "6.6.6.6, 198.51.100.4, 192.0.2.1", trust: trust("2") })).toBe("198.51.100.4");
    // A proxy that sent no header: the socket is all there is.
    expect(resolveClientAddress({ socketAddress: "127.0.0.1", forwardedFor: undefined, trust: one })).toBe("127.0.0.1");
  });

  it("walks past listed proxy addresses only", () => {
    const listed = trust("127.0.0.1, 10.0.0.0/8");
    expect(resolveClientAddress({ socketAddress: "127.0.0.1", forwardedFor: "6.6.6.6, 198.51.100.4, 10.1.2.3", trust: listed })).toBe("198.51.100.4");
    // Not from a listed proxy: its header is the client's own words.
    expect(resolveClientAddress({ socketAddress: "198.51.100.7", forwardedFor: "6.6.6.6", trust: listed })).toBe("198.51.100.7");
  });

  it("stops at a malformed hop instead of counting garbage as a new address", () => {
    const one = trust("1");
    expect(resolveClientAddress({ socketAddress: "127.0.0.1", forwardedFor: "not-an-address", trust: one })).toBe("127.0.0.1");
    expect(resolveClientAddress({ socketAddress: "127.0.0.1", forwardedFor: "x".repeat(80), trust: one })).toBe("127.0.0.1");
  });
});

describe("clientAddressFrom", () => {
  afterEach(() => {
    delete (globalThis as Record<symbol, unknown>)[Symbol.for("claimtrail.client-address-stamped")];
  });

  it("ignores the header unless the server entry stamps it", () => {
    const headers = new Headers({ [CLIENT_ADDRESS_HEADER]: "203.0.113.9" });
    expect(clientAddressFrom(headers)).toBeUndefined();
    markClientAddressStamped();
    expect(clientAddressFrom(headers)).toBe("203.0.113.9");
    expect(clientAddressFrom({ [CLIENT_ADDRESS_HEADER]: "203.0.113.9" })).toBe("203.0.113.9");
    expect(clientAddressFrom({ [CLIENT_ADDRESS_HEADER]: "bogus" })).toBeUndefined();
    expect(clientAddressFrom(new Headers())).toBeUndefined();
  });
});
