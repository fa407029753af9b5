import { fillDatabase } from "./bench/dataset";
import { getConnection, closeDb } from "@/db/client";
async function main() {
  getConnection();
  const s = await fillDatabase({ claims: 10_000, articles: 1_000, auditEvents: 100_000 }, console.log);
  console.log(JSON.stringify({ reviewer: s.reviewer.user.email, password: s.reviewer.password, slug: s.featuredClaimSlug }));
  closeDb();
}
void main();
