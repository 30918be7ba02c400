// vitest globalSetup: bundles the CLI once (dist/main.js) before the test files that run it as a child process.
import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

export default async function buildCli() {
  const cliDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
  await promisify(execFile)(process.execPath, ["../../scripts/bundle.mjs", "src/main.ts", "dist/main.js"], { cwd: cliDir });
}
