import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import type { FullConfig } from "@playwright/test";
import { type E2EPlatform, PLATFORM_ENV } from "./support/platform";

/** The platform runs what `npm run build` produced; say so plainly instead of timing out. */
const BUILD_OUTPUTS = ["apps/web/.next/BUILD_ID", "apps/worker/dist/main.js", "apps/gateway/dist/main.js", "packages/cli/dist/main.js"];
const START_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 30_000;

/** Starts PostgreSQL, Redis, worker, gateway and web (data in .data/e2e, fresh each run) for all specs; returns the teardown. */
export default async function globalSetup(config: FullConfig) {
  const repoRoot = path.resolve(path.dirname(config.configFile ?? path.join(config.rootDir, "x")), "..");
  const missing = BUILD_OUTPUTS.filter((file) => !existsSync(path.join(repoRoot, file)));
  if (missing.length > 0) {
    throw new Error(`not built yet (${missing.join(", ")} missing): run \`npm run build\` first`);
  }

  const dataDir = path.join(repoRoot, ".data/e2e");
  const logFile = path.join(repoRoot, "test-results/e2e-platform.log");
  // a fresh installation every run: the embedded PostgreSQL's and Redis' data of earlier runs go
  // (run-platform.mjs makes a database given in DATABASE_URL again)
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  mkdirSync(path.dirname(logFile), { recursive: true });

  const child = spawn(process.execPath, [path.join(repoRoot, "e2e/support/run-platform.mjs"), dataDir, logFile], {
    cwd: repoRoot,
    stdio: ["pipe", "pipe", "pipe"],
  });
  const started = await waitForPlatform(child, logFile);
  const platform: E2EPlatform = { ...started, repoRoot };
  process.env[PLATFORM_ENV] = JSON.stringify(platform);

  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.stdin?.end(); // run-platform.mjs stops everything when its stdin closes
    const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };
}

/** The JSON line run-platform.mjs prints once every service answers. */
function waitForPlatform(child: ChildProcess, logFile: string): Promise<Omit<E2EPlatform, "repoRoot">> {
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => {
      child.kill("SIGTERM");
      reject(new Error(`the platform did not start within ${START_TIMEOUT_MS / 1000} s; see ${logFile}`));
    }, START_TIMEOUT_MS);
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
      const newline = stdout.indexOf("\n");
      if (newline === -1) return;
      clearTimeout(timer);
      resolve(JSON.parse(stdout.slice(0, newline)));
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the platform exited (${signal ?? code}) while starting: ${stderr.trim() || `see ${logFile}`}`));
    });
  });
}
