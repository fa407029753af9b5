// One server process of `npm start` (scripts/start/cluster.ts forks one per
// core). It is Next's own server, started through its programmatic API, behind
// a plain node:http server: the one place that still sees the socket, so it
// stamps the client's address on each request before Next gets it
// (lib/http/client-address.ts). In a cluster worker, listen() shares the
// primary's port; Node hands each new connection to one of the workers.
import http from "node:http";
import Database from "better-sqlite3";
import next from "next";
import { z } from "zod";
import { databaseFile } from "@/db/client";
import { CLIENT_ADDRESS_HEADER, markClientAddressStamped, resolveClientAddress } from "@/lib/http/client-address";
import { PageCache, withPageCache } from "@/lib/http/page-cache";
import { serverSettings } from "./settings";

// How long a stopping worker lets its in-flight requests finish.
const DRAIN_MS = 10_000;
// Rendered review queues kept by one server process: a queue page is 95–110 KB as HTML.
const PAGE_CACHE_BYTES = 32 * 1024 * 1024;

/**
 * The review queue's pages, kept per reader while the database is unchanged
 * (lib/http/page-cache.ts). The connection it reads data_version on never
 * writes, so every commit, this process's own included, moves it on.
 */
function openPageCache(seconds: number): PageCache | null {
  if (seconds === 0) return null;
  // The primary has run the migrations before forking, so the file is there.
  const sqlite = new Database(databaseFile(), { fileMustExist: true });
  return new PageCache({
    dataVersion: () => z.number().parse(sqlite.pragma("data_version", { simple: true })),
    ttlMs: seconds * 1000,
    maxBytes: PAGE_CACHE_BYTES,
  });
}

async function main(): Promise<void> {
  const parsed = serverSettings(process.env);
  if (!parsed.ok) throw new Error(parsed.error);
  const { port, hostname, trustProxy, keepAliveSeconds, pageCacheSeconds } = parsed.settings;

  const app = next({ dev: false, dir: process.cwd(), hostname: hostname ?? "localhost", port });
  const handle = app.getRequestHandler();
  await app.prepare();
  markClientAddressStamped();
  const pages = openPageCache(pageCacheSeconds);

  const render = pages ? withPageCache(pages, handle, PAGE_CACHE_BYTES / 4) : handle;

  const server = http.createServer((request, response) => {
    const address = resolveClientAddress({
      socketAddress: request.socket.remoteAddress,
      forwardedFor: request.headers["x-forwarded-for"],
      trust: trustProxy,
    });
    // Whatever the client sent under our header goes; only the stamp remains.
    delete request.headers[CLIENT_ADDRESS_HEADER];
    if (address) request.headers[CLIENT_ADDRESS_HEADER] = address;
    render(request, response).catch((error: unknown) => {
      console.error("claimtrail: request failed", error);
      if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      response.end("Internal server error");
    });
  });
  server.keepAliveTimeout = keepAliveSeconds * 1000;
  // Node's default (5 s longer than keep-alive is what it wants) would cut a slow proxy's headers short.
  server.headersTimeout = server.keepAliveTimeout + 5_000;

  const stop = () => {
    // No new connections; idle keep-alive ones close now, busy ones after their response.
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), DRAIN_MS).unref();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);

  // Next logs uncaught errors and carries on, so a server that cannot listen must say so and stop itself.
  server.once("error", (error: NodeJS.ErrnoException) => {
    const where = `${hostname ?? "every interface"}, port ${port}`;
    const why = error.code === "EADDRINUSE" ? "the port is in use" : error.code === "EACCES" ? "permission denied" : error.message;
    console.error(`claimtrail: cannot listen on ${where}: ${why}.`);
    process.exit(1);
  });
  server.listen(port, hostname ?? undefined);
}

main().catch((error: unknown) => {
  console.error(`claimtrail: the server process could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
