import "server-only";
import { z } from "zod";
import { CLAIM_STATUSES } from "@/db/schema";
import { STATUS_DEFINITIONS } from "@/lib/claims/rules";
import { siteConfig, type SiteConfig } from "@/lib/site";
import { apiSchemas, DEFAULT_LIMIT, MAX_LIMIT } from "./api";
import { CACHE_CONTROL, handleApi, jsonResponse, parseQuery } from "./http";
import { MAX_QUERY_LENGTH } from "./search";

type JsonObject = { [key: string]: unknown };

const isObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);

/** zod's JSON Schema, trimmed for reading: no per-schema $schema/$id, no date-time regex where `format` says it, no safe-integer bounds. */
function tidy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(tidy);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === "$schema" || key === "$id") continue;
    if (key === "pattern" && typeof value.format === "string") continue;
    // zod's bounds for z.number().int(): JavaScript's safe-integer range, noise to a reader.
    if ((key === "minimum" || key === "maximum") && Math.abs(Number(item)) === Number.MAX_SAFE_INTEGER) continue;
    out[key] = tidy(item);
  }
  return out;
}

function componentSchemas(): JsonObject {
  const { schemas } = z.toJSONSchema(apiSchemas, { uri: (id) => `#/components/schemas/${id}`, target: "draft-2020-12" });
  const out: JsonObject = {};
  for (const [id, schema] of Object.entries(schemas)) out[id] = tidy(schema);
  return out;
}

const ref = (kind: string, name: string) => ({ $ref: `#/components/${kind}/${name}` });

const okHeaders = {
  ETag: ref("headers", "ETag"),
  "Cache-Control": ref("headers", "CacheControl"),
  "Access-Control-Allow-Origin": ref("headers", "AccessControlAllowOrigin"),
};

function ok(description: string, schema: string) {
  return { description, headers: okHeaders, content: { "application/json": { schema: ref("schemas", schema) } } };
}

const preflight = {
  summary: "CORS preflight",
  tags: ["CORS"],
  responses: { "204": { description: "GET is allowed from any origin." } },
};

/** The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json. */
export function openApiDocument(site: SiteConfig = siteConfig()): JsonObject {
  const statusList = CLAIM_STATUSES.map((s) => `\`${s}\`: ${STATUS_DEFINITIONS[s].meaning}`).join(" ");
  return {
    openapi: "3.1.0",
    info: {
      title: `${site.orgName}: public fact-check API`,
      version: "1.0.0",
      description: [
        "Read-only JSON over the verdicts this desk has published: each claim's published verdict, its evidence as it stood at publication, its public history of corrections, and the articles the claims come from. Nothing unpublished is ever returned.",
        `Caching: every 200 carries \`Cache-Control: ${CACHE_CONTROL}\` and a strong \`ETag\` (the SHA-256 of the body); send it back in \`If-None-Match\` to get a bodiless 304 when nothing changed. Errors are sent with \`Cache-Control: no-store\`.`,
        "CORS: GET is open to every origin (`Access-Control-Allow-Origin: *`); OPTIONS answers preflights. Other methods get 405.",
        "Errors are JSON `{ \"error\": { \"message\", \"parameter\" } }`; a 400 names the parameter it refused, and unknown or repeated parameters are refused too.",
      ].join("\n\n"),
    },
    servers: [{ url: `${site.url}/api/v1` }],
    externalDocs: { description: "What each verdict means", url: `${site.url}/methodology` },
    paths: {
      "/claims": {
        get: {
          operationId: "listClaims",
          summary: "Published verdicts, newest publication first",
          description:
            "Ordered by `publishedAt` descending, then slug descending; this order holds with `q` too (q filters, it does not rank), so a cursor always points to the same place. A correction moves a claim to the front: to keep a copy in step, poll with `updatedSince`.",
          tags: ["Claims"],
          parameters: ["Q", "Status", "Claimant", "Article", "UpdatedSince", "Limit", "Cursor"].map((p) => ref("parameters", p)),
          responses: {
            "200": ok("One page of published verdicts.", "ClaimList"),
            "304": ref("responses", "NotModified"),
            "400": ref("responses", "BadRequest"),
            "405": ref("responses", "MethodNotAllowed"),
          },
        },
        options: preflight,
      },
      "/claims/{slug}": {
        get: {
          operationId: "getClaim",
          summary: "One published verdict with its evidence, article and public history",
          tags: ["Claims"],
          parameters: [ref("parameters", "Slug")],
          responses: {
            "200": ok("The published verdict.", "Claim"),
            "304": ref("responses", "NotModified"),
            "400": ref("responses", "BadRequest"),
            "404": ref("responses", "NotFound"),
            "405": ref("responses", "MethodNotAllowed"),
          },
        },
        options: preflight,
      },
      "/articles/{slug}": {
        get: {
          operationId: "getArticle",
          summary: "An article's text with its published claims",
          description: "Only articles with at least one published claim exist here.",
          tags: ["Articles"],
          parameters: [ref("parameters", "Slug")],
          responses: {
            "200": ok("The article.", "Article"),
            "304": ref("responses", "NotModified"),
            "400": ref("responses", "BadRequest"),
            "404": ref("responses", "NotFound"),
            "405": ref("responses", "MethodNotAllowed"),
          },
        },
        options: preflight,
      },
      "/claimreview.json": {
        get: {
          operationId: "getClaimReviewFeed",
          summary: "Every published verdict as a schema.org DataFeed of ClaimReview (JSON-LD)",
          description: [
            "The format fact-check aggregators ingest: one `DataFeed` whose `dataFeedElement` holds a `ClaimReview` per published verdict, each the same JSON-LD as the claim's page (`itemReviewed` Claim with its appearance, `reviewRating` on a 1 to 3 scale with the verdict word as `alternateName`, `url` of the claim page). Ordered by when each claim was first taken into the desk.",
            "The whole feed comes in one response, streamed as it is read, from one consistent snapshot of the desk; no paging parameters. Poll it with `If-None-Match`: the strong `ETag` changes whenever anything on the desk changes, and a 304 costs almost nothing.",
          ].join("\n\n"),
          tags: ["Feeds"],
          responses: {
            "200": {
              description: "The feed.",
              headers: okHeaders,
              content: {
                "application/ld+json": {
                  schema: {
                    type: "object",
                    required: ["@context", "@type", "dataFeedElement"],
                    properties: {
                      "@context": { const: "https://schema.org" },
                      "@type": { const: "DataFeed" },
                      name: { type: "string" },
                      url: { type: "string", format: "uri" },
                      dateModified: { type: "string", format: "date-time", description: "The latest publication or correction." },
                      dataFeedElement: {
                        type: "array",
                        items: {
                          type: "object",
                          description: "A schema.org ClaimReview, as on the claim's page (without its own @context).",
                          required: ["@type", "url", "claimReviewed", "itemReviewed", "reviewRating"],
                          properties: { "@type": { const: "ClaimReview" } },
                        },
                      },
                    },
                  },
                },
              },
            },
            "304": ref("responses", "NotModified"),
            "400": ref("responses", "BadRequest"),
            "405": ref("responses", "MethodNotAllowed"),
          },
        },
        options: preflight,
      },
      "/openapi.json": {
        get: {
          operationId: "getOpenApi",
          summary: "This document",
          tags: ["Meta"],
          responses: {
            "200": { description: "The OpenAPI 3.1 document.", headers: okHeaders, content: { "application/json": { schema: { type: "object" } } } },
            "304": ref("responses", "NotModified"),
            "405": ref("responses", "MethodNotAllowed"),
          },
        },
        options: preflight,
      },
    },
    components: {
      schemas: componentSchemas(),
      parameters: {
        Q: {
          name: "q",
          in: "query",
          description: `Search text over summary, claim text, claimant and article title; words are matched as typed, the last one as a prefix; text in double quotes is a phrase. Operators are not interpreted. At most ${MAX_QUERY_LENGTH} characters.`,
          schema: { type: "string", maxLength: MAX_QUERY_LENGTH },
        },
        Status: {
          name: "status",
          in: "query",
          description: `The published verdict. ${statusList}`,
          schema: { type: "string", enum: [...CLAIM_STATUSES] },
        },
        Claimant: {
          name: "claimant",
          in: "query",
          description: "Exactly who made the claim, as published (case-sensitive).",
          schema: { type: "string", maxLength: 200 },
        },
        Article: {
          name: "article",
          in: "query",
          description: "An article's slug.",
          schema: { type: "string", pattern: "^[a-z0-9-]+$", maxLength: 200 },
        },
        UpdatedSince: {
          name: "updatedSince",
          in: "query",
          description: "Only verdicts published or corrected at or after this moment (ISO 8601 date-time with Z or an offset).",
          schema: { type: "string", format: "date-time" },
        },
        Limit: {
          name: "limit",
          in: "query",
          description: `Page size, ${DEFAULT_LIMIT} when left out.`,
          schema: { type: "integer", minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT },
        },
        Cursor: {
          name: "cursor",
          in: "query",
          description: "Opaque: the `nextCursor` of the previous page, with the same filters.",
          schema: { type: "string" },
        },
        Slug: { name: "slug", in: "path", required: true, schema: { type: "string", maxLength: 200 } },
      },
      headers: {
        ETag: {
          description:
            "Strong validator, base64url and quoted: the SHA-256 of the body (for /claimreview.json, of the desk's audit head and the feed's format, which fix the body).",
          schema: { type: "string" },
        },
        CacheControl: { description: `Always \`${CACHE_CONTROL}\` on 200 and 304.`, schema: { type: "string", const: CACHE_CONTROL } },
        AccessControlAllowOrigin: { description: "Always `*`.", schema: { type: "string", const: "*" } },
      },
      responses: {
        NotModified: {
          description: "The `If-None-Match` ETag still matches: no body.",
          headers: { ETag: ref("headers", "ETag"), "Cache-Control": ref("headers", "CacheControl") },
        },
        BadRequest: {
          description: "A parameter was refused; `error.parameter` names it.",
          content: { "application/json": { schema: ref("schemas", "Error") } },
        },
        NotFound: {
          description: "Nothing published has this slug.",
          content: { "application/json": { schema: ref("schemas", "Error") } },
        },
        MethodNotAllowed: {
          description: "The API is read-only.",
          headers: { Allow: { schema: { type: "string", const: "GET, HEAD, OPTIONS" } } },
          content: { "application/json": { schema: ref("schemas", "Error") } },
        },
      },
    },
  };
}

/** GET /api/v1/openapi.json */
export function getOpenApi(request: Request): Promise<Response> {
  return handleApi(() => {
    parseQuery(new URL(request.url), z.strictObject({}));
    return jsonResponse(request, openApiDocument());
  });
}
