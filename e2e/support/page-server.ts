/**
 * A web page the test serves itself, for evidence the app server fetches
 * (issue #5, item 4). It listens on 127.0.0.1 on a port the system picks; the
 * e2e server may fetch it because scripts/test-e2e.ts starts it with
 * EVIDENCE_FETCH_ALLOW_PRIVATE=1. The test changes what the page says between
 * fetches to make a cited source drift.
 */
import http from "node:http";
import net from "node:net";

export interface PageServer {
  /** http://127.0.0.1:PORT/PATH for a path the server answers. */
  url(path: string): string;
  /** Sets what a path answers from now on (HTML unless another content type is given). */
  serve(path: string, body: string, contentType?: string): void;
  /** Requests the server has received, in order (path only). */
  readonly requests: string[];
  close(): Promise<void>;
}

export async function startPageServer(): Promise<PageServer> {
  const pages = new Map<string, { body: string; contentType: string }>();
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    const path = request.url ?? "/";
    requests.push(path);
    const page = pages.get(path);
    if (!page) {
      response.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Not found");
      return;
    }
    response.writeHead(200, { "content-type": page.contentType, "cache-control": "no-store" }).end(page.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("The page server has no TCP port.");
  const origin = `http://127.0.0.1:${address.port}`;
  return {
    url: (path) => `${origin}${path}`,
    serve: (path, body, contentType = "text/html; charset=utf-8") => {
      pages.set(path, { body, contentType });
    },
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released): connections to it are refused. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (port === 0) throw new Error("Could not find a free port.");
  return port;
}
