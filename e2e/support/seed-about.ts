/**
 * Test-only: fills the sections of /about that were never saved with the demo
 * desk's text, through lib/ as `npm run db:seed` does; prints the keys it
 * filled as one JSON line.
 *
 *   DATABASE_URL=… tsx --conditions=react-server e2e/support/seed-about.ts
 */
import { closeDb } from "@/db/client";
import { seedDemoAbout } from "@/lib/demo/demo-about";

console.log(JSON.stringify(seedDemoAbout()));
closeDb();
