// Shared first steps of `npm start` and `npm test`: the right Node, dependencies installed, built.
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export function fail(message) {
  console.error(`error: ${message}`);
  process.exit(1);
}

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: "inherit", ...options });
  if (result.status !== 0) fail(`\`${[command, ...args].join(" ")}\` failed (exit ${result.status ?? result.signal})`);
}

export function checkNode() {
  const [major, minor] = process.versions.node.split(".").map(Number);
  if (major < 20 || (major === 20 && minor < 9)) fail(`Interflow needs Node.js 20.9 or newer; this is ${process.version}`);
}

/** npm install when node_modules is missing or older than package-lock.json */
export function ensureInstalled() {
  const marker = path.join(repoRoot, "node_modules", ".package-lock.json");
  const lock = path.join(repoRoot, "package-lock.json");
  if (!existsSync(marker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs)) {
    console.log("installing dependencies (npm install)…");
    run("npm", ["install", "--no-audit", "--no-fund"]);
  }
}

/** builds every workspace (turbo caches what did not change) */
export function build() {
  run(path.join(repoRoot, "node_modules/.bin/turbo"), ["run", "build", "--output-logs=errors-only"]);
}
