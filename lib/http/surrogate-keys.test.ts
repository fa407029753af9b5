import { describe, expect, it } from "vitest";
import nextConfig from "@/next.config";
import { feedAndApiPathsOf, publicationKeysOf, surrogateKeyHeaders, surrogateKeysOf } from "./surrogate-keys";

describe("surrogate keys", () => {
  it("names the claim, the article and the lists, plus public on every public page", () => {
    expect(surrogateKeysOf("/claims/nato-backed-israel")).toEqual(["claim-nato-backed-israel", "public"]);
    expect(surrogateKeysOf("/claims/nato-backed-israel/correction-sent")).toEqual([
      "claim-nato-backed-israel",
      "public",
    ]);
    expect(surrogateKeysOf("/articles/the-speech")).toEqual(["article-the-speech", "public"]);
    expect(surrogateKeysOf("/")).toEqual(["lists", "public"]);
    expect(surrogateKeysOf("/corrections")).toEqual(["lists", "public"]);
    expect(surrogateKeysOf("/feed.xml")).toEqual(["lists", "public"]);
    expect(surrogateKeysOf("/methodology")).toEqual(["public"]);
    expect(surrogateKeysOf("/api/v1/claims/nato-backed-israel")).toEqual(["claim-nato-backed-israel", "public"]);
    expect(surrogateKeysOf("/api/v1/claims")).toEqual(["lists", "public"]);
  });

  it("gives the desk, sign-in and paths beyond one slug segment no keys", () => {
    for (const path of [
      "/review",
      "/review/claims/x",
      "/signin",
      "/requests/abc",
      "/claims/a/b",
      "/claimsx",
      "/api/auth/session",
    ]) {
      expect(surrogateKeysOf(path), path).toEqual([]);
    }
  });

  it("writes Cache-Tag comma-separated and Surrogate-Key space-separated", () => {
    expect(surrogateKeyHeaders(["claim-a", "public"])).toEqual([
      { key: "Cache-Tag", value: "claim-a,public" },
      { key: "Surrogate-Key", value: "claim-a public" },
    ]);
  });

  it("purges by the keys and paths of everything that shows a publication", () => {
    const pages = { slug: "a-claim", articleSlug: "an-article" };
    expect(publicationKeysOf(pages)).toEqual(["claim-a-claim", "article-an-article", "lists"]);
    // Each purged path carries at least one of the purged keys.
    for (const path of feedAndApiPathsOf(pages)) {
      expect(
        surrogateKeysOf(path).some((key) => publicationKeysOf(pages).includes(key)),
        path,
      ).toBe(true);
    }
  });

  it("is set by next.config.ts headers() for every public page pattern", async () => {
    const rules = (await nextConfig.headers?.()) ?? [];
    const claimRule = rules.find(
      (rule) => rule.source === "/claims/:slug" && rule.headers.some((h) => h.key === "Cache-Tag"),
    );
    expect(claimRule?.headers).toEqual([
      { key: "Cache-Tag", value: "claim-:slug,public" },
      { key: "Surrogate-Key", value: "claim-:slug public" },
    ]);
    const tagged = new Set(
      rules.filter((rule) => rule.headers.some((h) => h.key === "Surrogate-Key")).map((rule) => rule.source),
    );
    for (const source of ["/", "/corrections", "/feed.xml", "/articles/:slug", "/claims/:slug/correction-sent"]) {
      expect(tagged.has(source), source).toBe(true);
    }
  });
});
