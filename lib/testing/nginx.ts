/**
 * Debian's nginx in front of the app for a test or the benchmark, run as the
 * ordinary user: deploy/nginx/claimtrail.conf with its placeholders filled in
 * (free ports, a temp cache, a self-signed certificate made with openssl,
 * the given upstream ports), inside a main nginx.conf of our own that keeps
 * every temp path, log and pid file in one temp folder.
 *
 *   const proxy = await startNginx({ upstreamPorts: [appPort] });
 *   await fetchThrough(proxy, "/claims/x");   // over https, trusting proxy.certificate
 *   await proxy.stop();
 *
 * Several upstream ports put several app instances behind one upstream
 * (round robin), as two machines behind one proxy would be. The access log
 * shows each request's cache status, whether it was a purge, and which
 * upstream answered.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import https from "node:https";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { freePort } from "./free-port";
import { repoRoot } from "./run-script";

export const NGINX_BIN = process.env.NGINX_PATH ?? "/usr/sbin/nginx";
export const OPENSSL_BIN = process.env.OPENSSL_PATH ?? "/usr/bin/openssl";
export const SITE_CONFIG = path.join(repoRoot, "deploy", "nginx", "claimtrail.conf");
const START_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 5_000;

export interface NginxOptions {
  /** The app instances' ports on 127.0.0.1 (one or more). */
  upstreamPorts: readonly number[];
  /** Ports chosen beforehand, so the app can be told its public URL before nginx starts. */
  httpsPort?: number;
  purgePort?: number;
  /** The purge token; a random one by default. */
  purgeToken?: string;
  /** nginx worker processes: 1 by default, "auto" for one per core (the benchmark). */
  workerProcesses?: number | "auto";
  /** false: no access log (the benchmark, where writing it would be measured too). */
  accessLog?: boolean;
  /** Told the nginx master process once spawned, for a caller that stops its children on the way out. */
  onSpawn?: (child: ChildProcess) => void;
}

export interface RunningNginx {
  /** https://127.0.0.1:<port>, the public side. */
  url: string;
  /** http://127.0.0.1:<port>, the loopback purge listener: the app's PURGE_NGINX_URL. */
  purgeUrl: string;
  httpsPort: number;
  purgePort: number;
  purgeToken: string;
  /** The self-signed certificate (PEM) nginx serves, for a client that should trust it. */
  certificate: string;
  /** The access log so far, one line per request: `addr "request" status cache=… purge=0|1 upstream=…`. */
  accessLog(): string[];
  errorLog(): string;
  stop(): Promise<void>;
}

export interface SiteConfigValues {
  serverName: string;
  httpsPort: number;
  httpPort: number;
  purgePort: number;
  purgeToken: string;
  certFile: string;
  keyFile: string;
  cacheDir: string;
  upstreamPorts: readonly number[];
}

/** deploy/nginx/claimtrail.conf with every placeholder filled in; throws if one is left. */
export function fillSiteConfig(template: string, values: SiteConfigValues): string {
  if (values.upstreamPorts.length === 0) throw new Error("nginx needs at least one upstream port.");
  if (!/^[A-Za-z0-9_-]{16,}$/.test(values.purgeToken))
    throw new Error("The purge token must be 16+ letters, digits, - or _.");
  const fill = (line: string): string =>
    line
      .replaceAll("__APP_SERVERS__", values.upstreamPorts.map((port) => `server 127.0.0.1:${port};`).join("\n    "))
      .replaceAll("__SERVER_NAME__", values.serverName)
      .replaceAll("__HTTPS_PORT__", String(values.httpsPort))
      .replaceAll("__HTTP_PORT__", String(values.httpPort))
      .replaceAll("__PURGE_PORT__", String(values.purgePort))
      .replaceAll("__PURGE_TOKEN__", values.purgeToken)
      .replaceAll("__CERT_FILE__", values.certFile)
      .replaceAll("__KEY_FILE__", values.keyFile)
      .replaceAll("__CACHE_DIR__", values.cacheDir);
  // Comments name the placeholders and stay as they are; no directive may keep one.
  const filled = template
    .split("\n")
    .map((line) => (line.trimStart().startsWith("#") ? line : fill(line)))
    .join("\n");
  const left = filled
    .split("\n")
    .filter((line) => !line.trimStart().startsWith("#"))
    .join("\n")
    .match(/__[A-Z_]+__/);
  if (left) throw new Error(`deploy/nginx/claimtrail.conf has a placeholder the harness does not fill: ${left[0]}`);
  return filled;
}

function mainConfig(dir: string, site: string, workers: number | "auto", accessLog: boolean): string {
  const temp = (name: string) => path.join(dir, "temp", name);
  // Started by root (a CI container), nginx would hand its workers to "nobody",
  // who cannot enter this temp folder; as anyone else it stays that user anyway.
  const user = process.getuid?.() === 0 ? "user root root;\n" : "";
  return `${user}worker_processes ${workers};
events { worker_connections 1024; }
http {
    default_type application/octet-stream;
    client_body_temp_path ${temp("client_body")};
    proxy_temp_path ${temp("proxy")};
    fastcgi_temp_path ${temp("fastcgi")};
    uwsgi_temp_path ${temp("uwsgi")};
    scgi_temp_path ${temp("scgi")};
    log_format claimtrail '$remote_addr "$request" $status cache=$upstream_cache_status purge=$claimtrail_purge upstream=$upstream_addr';
    access_log ${accessLog ? `${path.join(dir, "access.log")} claimtrail` : "off"};
    include ${site};
}
`;
}

function makeCertificate(dir: string): { certFile: string; keyFile: string } {
  const certFile = path.join(dir, "cert.pem");
  const keyFile = path.join(dir, "key.pem");
  const made = spawnSync(
    OPENSSL_BIN,
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-keyout",
      keyFile,
      "-out",
      certFile,
      "-days",
      "2",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1,DNS:localhost",
    ],
    { encoding: "utf8" },
  );
  if (made.status !== 0) throw new Error(`openssl could not make a certificate: ${made.stderr || made.error?.message}`);
  return { certFile, keyFile };
}

function connects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

function readOr(file: string, fallback: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return fallback;
  }
}

export async function startNginx(options: NginxOptions): Promise<RunningNginx> {
  if (!fs.existsSync(NGINX_BIN))
    throw new Error(`No nginx at ${NGINX_BIN} (apt-get install nginx, or set NGINX_PATH).`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "claimtrail-nginx-"));
  for (const name of ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"])
    fs.mkdirSync(path.join(dir, "temp", name), { recursive: true });
  const httpsPort = options.httpsPort ?? (await freePort());
  const purgePort = options.purgePort ?? (await freePort());
  const httpPort = await freePort();
  const purgeToken = options.purgeToken ?? randomBytes(24).toString("base64url");
  const { certFile, keyFile } = makeCertificate(dir);
  const site = path.join(dir, "claimtrail.conf");
  fs.writeFileSync(
    site,
    fillSiteConfig(fs.readFileSync(SITE_CONFIG, "utf8"), {
      serverName: "127.0.0.1",
      httpsPort,
      httpPort,
      purgePort,
      purgeToken,
      certFile,
      keyFile,
      cacheDir: path.join(dir, "cache"),
      upstreamPorts: options.upstreamPorts,
    }),
  );
  const conf = path.join(dir, "nginx.conf");
  fs.writeFileSync(conf, mainConfig(dir, site, options.workerProcesses ?? 1, options.accessLog ?? true));
  const errorLog = path.join(dir, "error.log");
  const accessLog = path.join(dir, "access.log");

  // -e: the log for what nginx says before it has read the config (it would try /var/log/nginx).
  const child: ChildProcess = spawn(
    NGINX_BIN,
    [
      "-p",
      dir,
      "-c",
      conf,
      "-e",
      errorLog,
      "-g",
      `daemon off; pid ${path.join(dir, "nginx.pid")}; error_log ${errorLog} warn;`,
    ],
    { stdio: ["ignore", "ignore", "pipe"], detached: true },
  );
  options.onSpawn?.(child);
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));

  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const stop = async (): Promise<void> => {
    if (child.pid && !exited()) {
      const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      const timer = new Promise<void>((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS).unref());
      await Promise.race([gone, timer]);
      if (!exited()) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          // Already gone.
        }
        await gone;
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!((await connects(httpsPort)) && (await connects(purgePort)))) {
    if (exited() || Date.now() > deadline) {
      const why = `${stderr}\n${readOr(errorLog, "")}`.trim();
      await stop();
      throw new Error(`nginx did not start: ${why || "no answer on its ports"}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  return {
    url: `https://127.0.0.1:${httpsPort}`,
    purgeUrl: `http://127.0.0.1:${purgePort}`,
    httpsPort,
    purgePort,
    purgeToken,
    certificate: fs.readFileSync(certFile, "utf8"),
    accessLog: () => readOr(accessLog, "").split("\n").filter(Boolean),
    errorLog: () => readOr(errorLog, ""),
    stop,
  };
}

export interface ProxiedResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One request through the proxy over https, trusting only its certificate.
 * (Node's fetch cannot be given a CA, so this is node:https.)
 */
export function fetchThrough(
  proxy: Pick<RunningNginx, "url" | "certificate">,
  pathname: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<ProxiedResponse> {
  return new Promise((resolve, reject) => {
    const request = https.request(
      new URL(pathname, proxy.url),
      { method: init.method ?? "GET", headers: init.headers, ca: proxy.certificate, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(init.body);
  });
}
