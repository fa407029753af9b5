import { describe, expect, it } from "vitest";
import { clientAddress } from "./client-address";

describe("clientAddress", () => {
  it("takes the hop the nearest proxy appended, not one the client wrote", () => {
    expect(clientAddress("6.6.6.6, 203.0.113.9")).toBe("203.0.113.9");
    expect(clientAddress("203.0.113.9")).toBe("203.0.113.9");
    expect(clientAddress(" , ")).toBeUndefined();
    expect(clientAddress(null)).toBeUndefined();
    expect(clientAddress("x".repeat(65))).toBeUndefined();
  });
});
