/** The part of autocannon 9's programmatic API the benchmarks use (the package ships no types). */
declare module 'autocannon' {
  export interface Options {
    url: string;
    connections?: number;
    /** Seconds. */
    duration?: number;
    maxOverallRequests?: number;
    /** Stop after this many requests in all (then `duration` is ignored). */
    amount?: number;
    /** Seconds before a request counts as timed out. */
    timeout?: number;
    headers?: Record<string, string>;
    method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    body?: string;
  }
  export interface Stats {
    average: number;
    total: number;
  }
  export interface Result {
    requests: Stats;
    throughput: Stats;
    /** Seconds actually run. */
    duration: number;
    /** Milliseconds per request. */
    latency: { p50: number; average: number };
    errors: number;
    timeouts: number;
    non2xx: number;
    /** Responses per HTTP status, e.g. `{ "200": { count: 5000 } }`. */
    statusCodeStats: Record<string, { count: number }>;
  }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
