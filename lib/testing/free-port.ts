import net from "node:net";

/**
 * A TCP port on 127.0.0.1 that nothing listens on right now, for a server a
 * test run or the benchmark starts (never a fixed port: others share the machine).
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error("Could not read the free port."))));
    });
  });
}
