// `npm test`: the whole suite — typecheck, lint, unit and integration tests against real
// PostgreSQL and Redis, then the Playwright specs in Debian's Chromium.
import { spawnSync } from "node:child_process";
import { existsSync, statfsSync } from "node:fs";
import path from "node:path";
import { build, checkNode, ensureInstalled, fail, repoRoot, run } from "./prepare.mjs";
import { buildRunnerImage } from "./docker-images-lib.mjs";
import { ensureDatabase, ensureDocker, ensurePostgres, ensureRedis } from "./services.mjs";

/** free space where the suite writes (the checkout, Docker's images): a full disk fails tests far from its cause */
const diskWarnings = () => {
  const warnings = [];
  for (const where of [repoRoot, "/var/lib/docker"].filter((dir) => existsSync(dir))) {
    const { bavail, bsize } = statfsSync(where);
    const free = (bavail * bsize) / 1024 ** 3;
    if (free < 8) warnings.push(`only ${free.toFixed(1)} GB free at ${where}: the machine tests build images of several GB (docker image prune frees what old builds left)`);
  }
  return warnings;
};
for (const warning of diskWarnings()) console.log(`warning: ${warning}`);

checkNode();
ensureInstalled();
build();

const turbo = path.join(repoRoot, "node_modules/.bin/turbo");
run(turbo, ["run", "typecheck", "--output-logs=errors-only"]);
run(path.join(repoRoot, "node_modules/.bin/biome"), ["check", "."]);

const dataDir = path.join(repoRoot, ".data", "test");
const log = (line) => console.log(line);
const postgres = await ensurePostgres({ dataDir, port: 5434, log });
const redis = await ensureRedis({ dataDir, port: 6381, log });
// the Docker runtime's tests run step containers for real: a daemon, and the runner image built once
await ensureDocker({ dataDir, log });
const images = await buildRunnerImage({ log: (line) => log(`docker: ${line}`) });
log(`docker: runner image ${images.runner}`);
const stopServices = async () => {
  await redis.stop();
  await postgres.stop();
};

const results = [];
const counts = { passed: 0, failed: 0 };
/** the failing tests' own lines, repeated in the summary so that its last lines name them */
const failures = [];
// biome-ignore lint/suspicious/noControlCharactersInRegex: strips terminal colours
const plain = (text) => text.replace(/\x1b\[[0-9;]*m/g, "");
/** runs a test command, echoing its output and adding up the tests it reports */
const step = (name, command, args, env = {}) => {
  console.log(`\n▶ ${name}`);
  let stoppedTasks = false;
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env }, maxBuffer: 256 * 1024 * 1024 });
  const output = result.stdout.toString("utf8");
  process.stdout.write(output);
  // vitest run on its own writes its failures' details (the FAIL lines and their errors) to stderr
  const errors = result.stderr.toString("utf8");
  process.stderr.write(errors);
  const lines = plain(`${output}\n${errors}`).split("\n");
  for (const [index, line] of lines.entries()) {
    const vitest = /^\S*\s*Tests\s+(?:(\d+) failed \| )?(\d+) passed/.exec(line);
    if (vitest) {
      counts.failed += Number(vitest[1] ?? 0);
      counts.passed += Number(vitest[2]);
    }
    const vitestFailedOnly = /^\S*\s*Tests\s+(\d+) failed \(/.exec(line);
    if (vitestFailedOnly) counts.failed += Number(vitestFailedOnly[1]);
    // vitest: "FAIL  src/x.test.ts > suite > test"; Playwright: "✘  3 [project] › e2e/x.spec.ts:1:1 › test"
    const failing = /(?:^|\s)(?:FAIL\s+\S+\.test\.tsx?\b|✘\s+\d+\s)/.test(line);
    if (failing && !failures.includes(line.trim())) {
      failures.push(line.trim());
      // vitest follows a FAIL with the error's first line ("AssertionError: expected …")
      const reason = lines.slice(index + 1, index + 4).find((next) => /\w*Error\b/.test(next));
      if (reason) failures.push(`    ${reason.replace(/^\S+:test:\s*/, "").trim().slice(0, 300)}`);
    }
    // Playwright's totals: "  46 passed (17.0m)", "  2 failed" (its list of failures follows)
    const playwright = /^\s+(\d+) (passed|failed)(?: \(|$)/.exec(line);
    if (playwright) counts[playwright[2]] += Number(playwright[1]);
    // Playwright's report of a failure: "  1) [project] › e2e/x.spec.ts:31:1 › test", then the error,
    // what was expected and received, and the spec's line — kept for the summary (CI shows its end)
    if (/^\s+\d+\) \[[\w-]+\] › /.test(line)) {
      const block = [];
      for (const next of lines.slice(index + 1, index + 60)) {
        if (/^\s+\d+\) \[[\w-]+\] › /.test(next)) break;
        const kept = /^\s*(Error:|Expected|Received|Locator:|Test timeout|at \S*e2e\/\S+:\d+)/.test(next);
        if (kept && block.length < 6) block.push(`    ${next.trim().slice(0, 240)}`);
      }
      failures.push(line.trim(), ...block);
    }
    // turbo: a task killed from outside (out of memory, a signal) is neither failed nor successful
    const tasks = /^\s*Tasks:\s+(\d+) successful, (\d+) total/.exec(line);
    if (tasks && Number(tasks[1]) < Number(tasks[2])) {
      stoppedTasks = true;
      failures.push(`${name}: only ${tasks[1]} of ${tasks[2]} tasks finished successfully (one was stopped from outside?)`);
    }
  }
  results.push({ name, ok: result.status === 0 && !stoppedTasks });
};

step("unit and integration tests (vitest, real PostgreSQL + Redis)", turbo, ["run", "test", "--continue", "--concurrency=1", "--output-logs=full"], {
  DATABASE_URL: postgres.url,
  REDIS_URL: redis.url,
});
await stopServices();

// The e2e specs start the whole platform themselves, with their own services and data directory.
// With a PostgreSQL server given (CI), they get a database of their own on it.
if (process.env.DATABASE_URL) {
  const e2eDatabase = new URL(process.env.DATABASE_URL);
  e2eDatabase.pathname = `${e2eDatabase.pathname}_e2e`;
  await ensureDatabase(e2eDatabase.toString());
  process.env.DATABASE_URL = e2eDatabase.toString();
}
delete process.env.REDIS_URL;
step("browser tests (Playwright, Chromium)", path.join(repoRoot, "node_modules/.bin/playwright"), ["test", "-c", "e2e/playwright.config.ts"]);
// npm start on a fresh Debian machine (a throw-away container from a Debian root filesystem), and
// docker/platform.Dockerfile built and each of its Compose commands run
step("machine tests (npm start on a fresh Debian container; the platform image built and run)", path.join(repoRoot, "node_modules/.bin/vitest"), [
  "run",
  "-c",
  "scripts/fresh-machine/vitest.config.ts",
]);

console.log("\nsummary:");
for (const r of results) console.log(`  ${r.ok ? "ok    " : "FAILED"} ${r.name}`);
if (failures.length > 0) {
  console.log("\nfailing tests:");
  for (const line of failures.slice(0, 60)) console.log(`  ${line}`);
  if (failures.length > 60) console.log(`  … and ${failures.length - 60} more`);
}
if (results.some((r) => !r.ok)) for (const warning of diskWarnings()) console.log(`\nwarning: ${warning}`);
console.log(`\n${counts.passed} passed, ${counts.failed} failed`);
if (results.some((r) => !r.ok)) fail("some tests failed");
