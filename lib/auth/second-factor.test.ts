import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTemporaryDatabase } from "@/lib/testing/database";
import { CODE_ACCOUNT_POLICY, SecondFactorThrottles } from "./login-throttle";
import {
  hashRecoveryCode,
  newRecoveryCodes,
  normaliseRecoveryCode,
  RECOVERY_CODE_COUNT,
  sameHash,
} from "./recovery-codes";
import { seal, totpContext, unseal } from "./sealing";
import { matchTotp, newTotpSecret, stepAt, totpCode, totpUri, TOTP_PERIOD_SECONDS } from "./totp";

const KEY = "sealing-test-secret-0123456789abcdef012345";
const OTHER_KEY = "another-test-secret-0123456789abcdef01234";

describe("sealing a secret", () => {
  it("opens with the same key and context only, and never stores the text readable", () => {
    const sealed = seal("JBSWY3DPEHPK3PXP", totpContext(7), KEY);
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain("JBSWY3DPEHPK3PXP");
    expect(unseal(sealed, totpContext(7), KEY)).toBe("JBSWY3DPEHPK3PXP");
    expect(unseal(sealed, totpContext(8), KEY)).toBeNull();
    expect(unseal(sealed, totpContext(7), OTHER_KEY)).toBeNull();
  });

  it("uses a fresh nonce each time and refuses tampered or malformed values", () => {
    const a = seal("same", "c", KEY);
    const b = seal("same", "c", KEY);
    expect(a).not.toBe(b);
    const [version, nonce, tag, body] = a.split(".");
    const flipped = `${body?.startsWith("A") ? "B" : "A"}${body?.slice(1)}`;
    expect(unseal([version, nonce, tag, flipped].join("."), "c", KEY)).toBeNull();
    for (const bad of ["", "v1", "v2.a.b.c", "v1.a.b.c.d", "plain text"]) expect(unseal(bad, "c", KEY)).toBeNull();
  });
});

describe("TOTP codes", () => {
  const secret = newTotpSecret();
  const now = Date.UTC(2026, 0, 1, 12, 0, 10);
  const period = TOTP_PERIOD_SECONDS * 1000;

  it("accepts the current code and one step either side, nothing further", () => {
    expect(matchTotp(secret, totpCode(secret, now), null, now)).toBe(stepAt(now));
    expect(matchTotp(secret, totpCode(secret, now - period), null, now)).toBe(stepAt(now) - 1);
    expect(matchTotp(secret, totpCode(secret, now + period), null, now)).toBe(stepAt(now) + 1);
    expect(matchTotp(secret, totpCode(secret, now - 2 * period), null, now)).toBeNull();
    expect(matchTotp(secret, totpCode(secret, now + 2 * period), null, now)).toBeNull();
  });

  it("refuses a replayed code, and an older one after a newer was used", () => {
    const step = matchTotp(secret, totpCode(secret, now), null, now);
    expect(step).not.toBeNull();
    expect(matchTotp(secret, totpCode(secret, now), step, now)).toBeNull();
    expect(matchTotp(secret, totpCode(secret, now - period), step, now)).toBeNull();
    expect(matchTotp(secret, totpCode(secret, now + period), step, now)).toBe((step ?? 0) + 1);
  });

  it("refuses what is not six digits, and tolerates spaces", () => {
    const code = totpCode(secret, now);
    expect(matchTotp(secret, `${code.slice(0, 3)} ${code.slice(3)}`, null, now)).toBe(stepAt(now));
    for (const bad of ["", "12345", "1234567", "abcdef", `${code}0`])
      expect(matchTotp(secret, bad, null, now)).toBeNull();
  });

  it("names the desk and the account in the QR code's address", () => {
    const uri = totpUri(secret, "ada@example.org");
    expect(uri).toMatch(/^otpauth:\/\/totp\/Claimtrail:ada%40example\.org\?/);
    expect(uri).toContain(`secret=${secret}`);
    expect(uri).toContain("issuer=Claimtrail");
  });
});

describe("recovery codes", () => {
  it("makes ten distinct codes that read back however they are typed", () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    const [first = ""] = codes;
    const typed = ` ${first.toUpperCase().replace("-", " ")} `;
    expect(sameHash(hashRecoveryCode(typed, KEY), hashRecoveryCode(first, KEY))).toBe(true);
    expect(normaliseRecoveryCode("123456")).toBeNull();
    expect(normaliseRecoveryCode("abcde-fghij")).toBeNull(); // i is not in the alphabet
  });

  it("hashes with the app secret: the stored hash is not the code, and another key gives another hash", () => {
    const [code = ""] = newRecoveryCodes(1);
    const hash = hashRecoveryCode(code, KEY);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(code.replace("-", ""));
    expect(sameHash(hash, hashRecoveryCode(code, OTHER_KEY))).toBe(false);
    expect(sameHash(hash, "ab")).toBe(false);
  });
});

describe("the code step's throttle", () => {
  // Its counters live in the rate_limits table (lib/limits/store.ts).
  let db: ReturnType<typeof useTemporaryDatabase>;
  beforeAll(() => {
    db = useTemporaryDatabase();
  });
  afterAll(() => db.cleanup());

  it("blocks the account from every address after the free failures, and a success clears it", () => {
    const throttles = new SecondFactorThrottles();
    const now = 1_000_000;
    for (let i = 0; i < CODE_ACCOUNT_POLICY.freeFailures; i += 1) {
      expect(throttles.begin({ account: "user:1", address: `198.51.100.${i}` }, now).allowed).toBe(true);
    }
    // One more failure is allowed to be tried, and starts the block.
    expect(throttles.begin({ account: "user:1", address: "198.51.100.50" }, now).allowed).toBe(true);
    expect(throttles.begin({ account: "user:1", address: "203.0.113.9" }, now + 1_000).allowed).toBe(false);
    expect(throttles.begin({ account: "user:2", address: "203.0.113.9" }, now + 1_000).allowed).toBe(true);
    const later = now + CODE_ACCOUNT_POLICY.baseDelayMs + 1;
    const attempt = throttles.begin({ account: "user:1", address: "203.0.113.9" }, later);
    expect(attempt.allowed).toBe(true);
    if (attempt.allowed) attempt.settle(true);
    expect(throttles.begin({ account: "user:1", address: "203.0.113.9" }, later + 1).allowed).toBe(true);
  });

  it("counts parallel attempts before any is checked", () => {
    const throttles = new SecondFactorThrottles();
    const answers = Array.from(
      { length: 20 },
      () => throttles.begin({ account: "user:3", address: undefined }, 5_000).allowed,
    );
    expect(answers.filter(Boolean)).toHaveLength(CODE_ACCOUNT_POLICY.freeFailures + 1);
  });
});
