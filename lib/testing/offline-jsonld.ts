import jsonld from "jsonld";

// The schema.org context, as far as reading our JSON-LD needs it: every term is
// a schema.org property or type. Served from here, so no test ever fetches it.
const SCHEMA_ORG_CONTEXT = { "@context": { "@vocab": "https://schema.org/" } };
const SCHEMA_ORG_URLS = new Set(["https://schema.org", "https://schema.org/", "http://schema.org", "http://schema.org/"]);

/** A jsonld document loader that knows schema.org's context and refuses every other URL: no network. */
export async function offlineDocumentLoader(url: string) {
  if (!SCHEMA_ORG_URLS.has(url)) throw new Error(`The offline JSON-LD loader does not fetch ${url}.`);
  return { contextUrl: undefined, documentUrl: url, document: SCHEMA_ORG_CONTEXT };
}

export const SCHEMA = "https://schema.org/";

/** A JSON-LD document expanded with schema.org's vocabulary, offline. */
export async function expandOffline(document: jsonld.JsonLdDocument): Promise<unknown[]> {
  return jsonld.expand(document, { documentLoader: offlineDocumentLoader });
}
