// `npm test`: the whole suite — typecheck, lint, unit and integration tests against real
// PostgreSQL and Redis, then the Playwright specs in Debian's Chromium.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { build, checkNode, ensureInstalled, fail, repoRoot, run } from "./prepare.mjs";
import { ensurePostgres, ensureRedis } from "./services.mjs";

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
const stopServices = async () => {
  await redis.stop();
  await postgres.stop();
};

const results = [];
const step = (name, command, args, env = {}) => {
  console.log(`\n▶ ${name}`);
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: "inherit", env: { ...process.env, ...env } });
  results.push({ name, ok: result.status === 0 });
};

step("unit and integration tests (vitest, real PostgreSQL + Redis)", turbo, ["run", "test", "--concurrency=1", "--output-logs=full"], {
  DATABASE_URL: postgres.url,
  REDIS_URL: redis.url,
});
await stopServices();

// The e2e specs start the whole platform themselves, with their own services and data directory.
const e2eEnv = { ...process.env };
delete e2eEnv.DATABASE_URL;
delete e2eEnv.REDIS_URL;
console.log("\n▶ browser tests (Playwright, Chromium)");
const e2e = spawnSync(path.join(repoRoot, "node_modules/.bin/playwright"), ["test", "-c", "e2e/playwright.config.ts"], {
  cwd: repoRoot,
  stdio: "inherit",
  env: e2eEnv,
});
results.push({ name: "browser tests", ok: e2e.status === 0 });

console.log("\nsummary:");
for (const r of results) console.log(`  ${r.ok ? "ok    " : "FAILED"} ${r.name}`);
if (results.some((r) => !r.ok)) fail("some tests failed");
