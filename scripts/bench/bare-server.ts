// The machine's ceiling for the benchmark: node:http and nothing else,
// answering every request with the bytes of a published claim page.
//   node --import tsx scripts/bench/bare-server.ts PORT FILE
import fs from "node:fs";
import http from "node:http";
import { z } from "zod";

const [port, file] = z
  .tuple([z.coerce.number().int().min(1).max(65535), z.string().min(1)])
  .parse(process.argv.slice(2));
const body = fs.readFileSync(file);

const server = http.createServer((_request, response) => {
  response.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Length": body.length });
  response.end(body);
});
server.keepAliveTimeout = 10 * 60_000;
server.listen(port, "127.0.0.1");
