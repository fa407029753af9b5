// One load scenario: autocannon against a URL for a warm-up, then again for
// the measured duration. Latency percentiles are computed from every
// response's own time (autocannon's histogram has no p95).
import autocannon from "autocannon";

export interface LoadOptions {
  connections: number;
  warmupSeconds: number;
  seconds: number;
  headers?: Record<string, string>;
}

export interface LoadResult {
  url: string;
  connections: number;
  seconds: number;
  requests: number;
  /** Completed responses per second over the measured run. */
  rps: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Average bytes of one response, headers included. */
  bytesPerResponse: number;
  /** Connection errors, timeouts and answers other than 2xx: all should be 0. */
  errors: number;
  non2xx: number;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? 0;
}

async function run(
  url: string,
  options: LoadOptions,
  seconds: number,
  record: ((ms: number, status: number) => void) | null,
) {
  const instance = autocannon({
    url,
    connections: options.connections,
    duration: seconds,
    headers: options.headers,
    timeout: 30,
  });
  if (record) instance.on("response", (_client, statusCode, _bytes, responseTime) => record(responseTime, statusCode));
  return await instance;
}

/** Load without measuring: lets V8 optimise the server's code paths before anything is timed. */
export async function warmUp(url: string, options: LoadOptions): Promise<void> {
  if (options.warmupSeconds > 0) await run(url, options, options.warmupSeconds, null);
}

/** Latencies and counts gathered over one or more autocannon runs against one URL. */
class Recorder {
  private times = new Float64Array(1 << 16);
  count = 0;
  non2xx = 0;
  errors = 0;
  bytes = 0;
  seconds = 0;

  record(ms: number, status: number): void {
    if (this.count === this.times.length) {
      const bigger = new Float64Array(this.times.length * 2);
      bigger.set(this.times);
      this.times = bigger;
    }
    this.times[this.count] = ms;
    this.count += 1;
    if (status < 200 || status > 299) this.non2xx += 1;
  }

  async run(url: string, options: LoadOptions, seconds: number): Promise<void> {
    const result = await run(url, options, seconds, (ms, status) => this.record(ms, status));
    this.errors += result.errors + result.timeouts;
    this.bytes += result.throughput.total;
    // autocannon's own clock for the run, which ends when the last answer is in.
    this.seconds += result.duration > 0 ? result.duration : seconds;
  }

  result(url: string, options: LoadOptions): LoadResult {
    const sorted = this.times.slice(0, this.count).sort();
    return {
      url,
      connections: options.connections,
      seconds: options.seconds,
      requests: this.count,
      rps: this.count / this.seconds,
      p50Ms: percentile(sorted, 50),
      p95Ms: percentile(sorted, 95),
      p99Ms: percentile(sorted, 99),
      maxMs: sorted[sorted.length - 1] ?? 0,
      bytesPerResponse: this.count > 0 ? this.bytes / this.count : 0,
      errors: this.errors,
      non2xx: this.non2xx,
    };
  }
}

/** A warm-up, then `options.seconds` of load, measured. */
export async function measure(url: string, options: LoadOptions): Promise<LoadResult> {
  await warmUp(url, options);
  const recorder = new Recorder();
  await recorder.run(url, options, options.seconds);
  return recorder.result(url, options);
}

/**
 * Several URLs measured in turns (A B C, A B C, …), `options.seconds` each in
 * all, after one warm-up each. Figures that are compared as ratios then see
 * the same drift in the machine's load, which on a shared machine matters
 * more than any difference between them.
 */
export async function measureInTurns(urls: string[], options: LoadOptions, turns: number): Promise<LoadResult[]> {
  for (const url of urls) await warmUp(url, options);
  const recorders = urls.map(() => new Recorder());
  const slice = options.seconds / turns;
  for (let turn = 0; turn < turns; turn += 1) {
    for (const [i, url] of urls.entries()) await recorders[i]?.run(url, options, slice);
  }
  return urls.map((url, i) => {
    const recorder = recorders[i];
    if (!recorder) throw new Error("bench: a URL without its recorder.");
    return recorder.result(url, options);
  });
}
