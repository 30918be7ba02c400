/** What the global setup hands to the specs (through the environment: workers are forked after it). */
export interface E2EPlatform {
  webUrl: string;
  gatewayUrl: string;
  /** the worker's /healthz and /readyz */
  workerHealthUrl: string;
  /** holds a file per platform process (web, worker, gateway) with its pid, written at each (re)start */
  pidsDir: string;
  adminToken: string;
  /** the platform's PostgreSQL (specs make databases of their own on that server, e.g. for the postgres component) */
  databaseUrl: string;
  /** how steps run: "process", or "docker, <runner image>" */
  runtime: string;
  repoRoot: string;
}

export const PLATFORM_ENV = "INTERFLOW_E2E_PLATFORM";

export function readPlatform(): E2EPlatform {
  const raw = process.env[PLATFORM_ENV];
  if (!raw) throw new Error(`${PLATFORM_ENV} is not set: run the specs with -c e2e/playwright.config.ts (its global setup starts the platform)`);
  return JSON.parse(raw) as E2EPlatform;
}
