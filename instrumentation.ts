// Next calls register() once when a server process starts: apply pending
// migrations before the first request (issue #2: the app migrates on start),
// then start the webhook worker, which sends what the queue in SQLite holds
// (a delivery queued before a restart is sent after it). Skipped during
// `next build`, which must never need the database.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { getConnection } = await import("./db/client");
  getConnection();
  const { startWebhookWorker } = await import("./lib/webhooks/worker");
  startWebhookWorker();
}
