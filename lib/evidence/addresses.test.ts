import { describe, expect, it } from "vitest";
import { addressRefusal, literalAddress } from "./addresses";

describe("addressRefusal", () => {
  it.each([
    ["0.0.0.0", /this network/],
    ["0.1.2.3", /this network/],
    ["10.0.0.1", /private-network/],
    ["10.255.255.255", /private-network/],
    ["100.64.0.1", /carrier-grade NAT/],
    ["100.127.255.254", /carrier-grade NAT/],
    ["127.0.0.1", /loopback/],
    ["127.1.2.3", /loopback/],
    ["169.254.0.1", /link-local/],
    ["169.254.169.254", /cloud metadata/],
    ["172.16.0.1", /private-network/],
    ["172.31.255.255", /private-network/],
    ["192.168.1.1", /private-network/],
    ["192.0.2.10", /documentation/],
    ["198.18.0.1", /benchmarking/],
    ["224.0.0.1", /multicast/],
    ["239.255.255.250", /multicast/],
    ["240.0.0.1", /reserved/],
    ["255.255.255.255", /broadcast/],
  ])("refuses IPv4 %s", (address, reason) => {
    expect(addressRefusal(address)).toMatch(reason);
  });

  it.each([
    ["::", /unspecified/],
    ["::1", /loopback/],
    ["0:0:0:0:0:0:0:1", /loopback/],
    ["::ffff:127.0.0.1", /^a loopback address \(127\.0\.0\.1 written as IPv6\)$/],
    ["::ffff:7f00:1", /loopback.*127\.0\.0\.1/],
    ["::ffff:10.0.0.1", /private-network.*10\.0\.0\.1/],
    ["::ffff:a9fe:a9fe", /cloud metadata.*169\.254\.169\.254/],
    ["::ffff:192.168.0.1", /private-network/],
    ["64:ff9b::7f00:1", /loopback.*NAT64/],
    ["2002:7f00:1::1", /loopback.*6to4/],
    ["2002:a00:1::", /private-network.*6to4/],
    ["::127.0.0.1", /reserved/],
    ["fc00::1", /unique-local/],
    ["fd12:3456:789a::1", /unique-local/],
    ["fd00:ec2::254", /unique-local/],
    ["fe80::1", /link-local/],
    ["fe80::1%eth0", /link-local/],
    ["febf:ffff::1", /link-local/],
    ["fec0::1", /site-local/],
    ["ff02::1", /multicast/],
    ["2001:db8::1", /documentation/],
    ["2001:0:4136:e378:8000:63bf:3fff:fdd2", /Teredo/],
    ["100::1", /reserved/],
  ])("refuses IPv6 %s", (address, reason) => {
    expect(addressRefusal(address)).toMatch(reason);
  });

  it.each([
    "8.8.8.8",
    "1.1.1.1",
    "93.184.215.14",
    "11.0.0.1",
    "100.128.0.1",
    "169.253.255.255",
    "172.32.0.1",
    "192.169.0.1",
    "223.255.255.255",
    "2606:4700:4700::1111",
    "2001:4860:4860::8888",
    "2a00:1450:4001:82b::200e",
    "::ffff:8.8.8.8",
    "64:ff9b::808:808",
    "2002:808:808::1",
  ])("allows the public address %s", (address) => {
    expect(addressRefusal(address)).toBeNull();
  });

  it.each(["", "localhost", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1::2::3", "12345::1", "example.com"])(
    "refuses %j, which is not an address",
    (address) => {
      expect(addressRefusal(address)).toBe("not a valid address");
    },
  );
});

describe("literalAddress", () => {
  it("recognises IPv4 and bracketed IPv6 hosts, and nothing else", () => {
    expect(literalAddress("127.0.0.1")).toEqual({ address: "127.0.0.1", family: 4 });
    expect(literalAddress("[::1]")).toEqual({ address: "::1", family: 6 });
    expect(literalAddress("::ffff:7f00:1")).toEqual({ address: "::ffff:7f00:1", family: 6 });
    expect(literalAddress("example.com")).toBeNull();
    expect(literalAddress("[example.com]")).toBeNull();
  });
});
