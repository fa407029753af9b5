import http from "node:http";

/** A page server on 127.0.0.1 for the evidence tests: routes by path, records what it was asked. */
export interface TestServer {
  origin: string;
  port: number;
  /** Path and Host header of every request, in order. */
  requests: { path: string; host: string | undefined }[];
  close(): Promise<void>;
}

export type Route = (request: http.IncomingMessage, response: http.ServerResponse) => void;

export async function startTestServer(routes: (path: string) => Route | undefined): Promise<TestServer> {
  const requests: TestServer["requests"] = [];
  const server = http.createServer((request, response) => {
    const path = request.url ?? "/";
    requests.push({ path, host: request.headers.host });
    const route = routes(path);
    if (route) route(request, response);
    else response.writeHead(404, { "content-type": "text/plain" }).end("not here");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("The test server has no TCP address.");
  const { port } = address;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A route that answers with a body of the given type. */
export function page(body: string | Buffer, contentType = "text/html; charset=utf-8"): Route {
  return (_request, response) => {
    response.writeHead(200, { "content-type": contentType }).end(body);
  };
}
