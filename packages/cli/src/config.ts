import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { CliError } from "./errors";

export const DEFAULT_URL = "http://localhost:3000";

/** Where the CLI sends its requests and how it authenticates. */
export interface CliConfig {
  /** the web app's origin, without a trailing slash */
  url: string;
  token: string;
  dataDir: string;
}

/** The process facts configuration is read from; passed in so tests can vary them. */
export interface ConfigSources {
  env: Record<string, string | undefined>;
  cwd: string;
  /** the folder of the CLI's own code, the fallback start for finding the repository */
  cliDir: string;
}

/** The environment variables the CLI reads; the only place naming them. */
interface CliEnv {
  INTERFLOW_URL?: string;
  INTERFLOW_TOKEN?: string;
  INTERFLOW_DATA_DIR?: string;
}

/** The folder holding the package.json named "interflow", walking up from `from`. */
export function findRepoRoot(from: string): string | undefined {
  let dir = path.resolve(from);
  for (;;) {
    if (isInterflowRoot(dir)) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function isInterflowRoot(dir: string): boolean {
  const file = path.join(dir, "package.json");
  if (!existsSync(file)) return false;
  try {
    return (JSON.parse(readFileSync(file, "utf8")) as { name?: unknown }).name === "interflow";
  } catch {
    return false;
  }
}

export function resolveUrl(env: CliEnv): string {
  const raw = env.INTERFLOW_URL?.trim() || DEFAULT_URL;
  if (!URL.canParse(raw) || !/^https?:$/.test(new URL(raw).protocol)) {
    throw new CliError(`INTERFLOW_URL must be an http:// or https:// URL (got "${raw}")`);
  }
  return raw.replace(/\/+$/, "");
}

export function resolveDataDir(sources: ConfigSources): string {
  const env = sources.env as CliEnv;
  if (env.INTERFLOW_DATA_DIR?.trim()) return path.resolve(sources.cwd, env.INTERFLOW_DATA_DIR.trim());
  const root = findRepoRoot(sources.cwd) ?? findRepoRoot(sources.cliDir) ?? sources.cwd;
  return path.join(root, ".data");
}

/** INTERFLOW_TOKEN, else the admin token `npm start` writes into the data directory. */
export function resolveToken(env: CliEnv, dataDir: string): string {
  const fromEnv = env.INTERFLOW_TOKEN?.trim();
  if (fromEnv) return fromEnv;
  const file = path.join(dataDir, "admin-token");
  let token = "";
  try {
    token = readFileSync(file, "utf8").trim();
  } catch {
    // missing or unreadable: reported below
  }
  if (!token) throw new CliError(`no API token: set INTERFLOW_TOKEN, or run \`npm start\` once so it writes ${file}`);
  return token;
}

export function loadConfig(sources: ConfigSources): CliConfig {
  const env = sources.env as CliEnv;
  const url = resolveUrl(env);
  const dataDir = resolveDataDir(sources);
  return { url, dataDir, token: resolveToken(env, dataDir) };
}
