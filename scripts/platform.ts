// Starts the whole platform on this machine: PostgreSQL and Redis (embedded defaults unless
// DATABASE_URL / REDIS_URL are set), migrations, the default workspace, then the worker, the
// webhook gateway and the web app as child processes. Used by `npm start` and the e2e tests.
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { applyMigrations, createApiToken, createDb, ENCRYPTION_KEY_VARIABLE, ensureDefaultWorkspace, hasAnyUser, parseEncryptionKey } from "@interflow/db";
import { deriveWebhookKey, WEBHOOK_KEY_VARIABLE } from "@interflow/queue";
import { countCredentialsByKey } from "../packages/db/src/credentials/credential-key-ids";
import { ensureEncryptionKey, warnOfOtherKeys } from "./encryption-key";
import { buildRunnerImage } from "./docker-images-lib.mjs";
// @ts-expect-error plain ESM module without types
import { ensureDocker, ensurePostgres, ensureRedis, waitForPort } from "./services.mjs";
import { SupervisedChild } from "./supervised-child.mjs";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface PlatformOptions {
  dataDir: string;
  webPort?: number;
  gatewayPort?: number;
  /** where the worker answers /healthz and /readyz (on loopback) */
  workerPort?: number;
  /** each time web, worker, gateway or the embedded Redis is (re)started, with its pid */
  onSpawn?: (name: string, pid: number) => void;
  postgresPort?: number;
  redisPort?: number;
  /** how step replicas run; default INTERFLOW_RUNTIME, else docker when a daemon answers, else process */
  runtime?: "docker" | "process";
  /** where the processes' output goes (default: prefixed lines on stdout) */
  output?: (service: string, line: string) => void;
  log?: (line: string) => void;
}

export interface Platform {
  webUrl: string;
  gatewayUrl: string;
  /** the worker's /healthz and /readyz */
  workerHealthUrl: string;
  databaseUrl: string;
  redisUrl: string;
  adminToken: string;
  /** the token only when this start created it (print it once) */
  newAdminToken: string | undefined;
  /** the first-run setup link with its token, while the installation has no owner */
  setupUrl: string | undefined;
  runtime: string;
  stop(): Promise<void>;
}

export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const log = options.log ?? ((line: string) => console.log(line));
  const output = options.output ?? ((service: string, line: string) => process.stdout.write(`${service.padEnd(8)}| ${process.stdout.isTTY ? readable(line) : line}\n`));
  const webPort = options.webPort ?? 3000;
  const gatewayPort = options.gatewayPort ?? 3001;
  const workerPort = options.workerPort ?? 3002;
  // others may pass through (the embedded PostgreSQL runs as its own user) but not list it; every
  // secret in it is its owner's alone (0600), Redis's and PostgreSQL's directories 0700
  mkdirSync(options.dataDir, { recursive: true, mode: 0o711 });
  chmodSync(options.dataDir, 0o711);
  // before any service starts: a wrong key stops the start here, saying so
  const encryptionKey = ensureEncryptionKey(options.dataDir);

  // said in the first lines: which runtime runs the steps, and why
  const runtime = await chooseRuntime({ dataDir: options.dataDir, wanted: options.runtime ?? runtimeFromEnv(), log });
  // stopped by stop() below, last: a terminal's Ctrl-C (SIGINT to its whole foreground group) must
  // not end the databases while the worker still records its last transitions
  const postgres = await ensurePostgres({ dataDir: options.dataDir, port: options.postgresPort ?? 5433, log, onSpawn: options.onSpawn, ownGroup: true });
  const redis = await ensureRedis({ dataDir: options.dataDir, port: options.redisPort ?? 6380, log, onSpawn: options.onSpawn, ownGroup: true });
  const children: Array<{ name: string; child: SupervisedChild }> = [];
  const stopServices = async () => {
    await redis.stop();
    await postgres.stop();
  };

  try {
    const { applied } = await applyMigrations({ databaseUrl: postgres.url, log });
    if (applied.length > 0) log(`database: applied ${applied.length} migration(s): ${applied.join(", ")}`);
    const db = createDb(postgres.url);
    const tokenFile = path.join(options.dataDir, "admin-token");
    const { workspaceId, adminToken: created } = await ensureDefaultWorkspace(db);
    warnOfOtherKeys({ encryptionKey, sealedWith: await countCredentialsByKey(db), log });
    // A database that already has its workspace but a data directory without the token file (a
    // new checkout against an existing DATABASE_URL): issue a new admin token rather than lock out.
    const issued = created ?? (existsSync(tokenFile) ? undefined : (await createApiToken(db, { workspaceId, name: `admin (${new Date().toISOString()})` })).token);
    // no owner yet: the setup page takes the first account from this machine, or with this token
    const setupToken = (await hasAnyUser(db)) ? undefined : ensureSetupToken(options.dataDir);
    await db.close();
    if (issued) {
      writeFileSync(tokenFile, `${issued}\n`, { mode: 0o600 });
      chmodSync(tokenFile, 0o600);
    }
    const adminToken = readFileSync(tokenFile, "utf8").trim();

    const gatewayUrl = `http://localhost:${gatewayPort}`;
    const webUrl = `http://localhost:${webPort}`;
    // the key of credentials' secrets goes to the web app and the worker only (below), not to the gateway
    const { [ENCRYPTION_KEY_VARIABLE]: _given, ...inherited } = process.env;
    const withKey = { [ENCRYPTION_KEY_VARIABLE]: encryptionKey };
    // the gateways' key of webhooks' credentials (they check senders with it): one of its own when
    // set, derived from the encryption key otherwise — the worker, which seals with it, gets the same
    const webhookKey = { [WEBHOOK_KEY_VARIABLE]: process.env[WEBHOOK_KEY_VARIABLE] || deriveWebhookKey(parseEncryptionKey(encryptionKey).bytes()) };
    const env = {
      ...inherited,
      DATABASE_URL: postgres.url,
      REDIS_URL: redis.url,
      INTERFLOW_DATA_DIR: options.dataDir,
      INTERFLOW_GATEWAY_URL: gatewayUrl,
      GATEWAY_PORT: String(gatewayPort),
      NODE_ENV: "production",
      BETTER_AUTH_SECRET: ensureAuthSecret(options.dataDir),
      BETTER_AUTH_URL: process.env.BETTER_AUTH_URL ?? webUrl,
    };
    // steps' network rules: on a person's own machine the round trip to a local sink must work, so
    // loopback is open unless the installation says otherwise; the platform's own ports never are
    if (process.env.INTERFLOW_EGRESS_ALLOW === undefined) {
      log("network rules: steps may reach this machine's loopback (INTERFLOW_EGRESS_ALLOW is not set; set it to choose, e.g. to nothing)");
    }
    const egress = {
      INTERFLOW_EGRESS_ALLOW: process.env.INTERFLOW_EGRESS_ALLOW ?? "127.0.0.0/8,::1",
      INTERFLOW_PLATFORM_PORTS: [webPort, gatewayPort, workerPort, new URL(postgres.url).port || "5432", new URL(redis.url).port || "6379"].join(","),
    };
    const launch = (name: string, args: string[], cwd = repoRoot, extraEnv: Record<string, string> = {}) => {
      const child = new SupervisedChild({ name, args, cwd, env: { ...env, ...extraEnv }, output, log, onSpawn: options.onSpawn });
      children.push({ name, child });
      return child;
    };
    launch("worker", [path.join(repoRoot, "apps/worker/dist/main.js")], repoRoot, { ...withKey, ...webhookKey, ...runtime.env, ...egress, INTERFLOW_WORKER_PORT: String(workerPort) });
    // the gateway and the web app sign in to Redis as users of their own (no administration); the worker as its admin
    launch("gateway", [path.join(repoRoot, "apps/gateway/dist/main.js")], repoRoot, { REDIS_URL: redis.urls.gateway, ...webhookKey });
    // Next.js behind the app's own server, which works out each client's address (apps/web/server.ts)
    launch("web", [path.join(repoRoot, "apps/web/dist/server.js")], path.join(repoRoot, "apps/web"), {
      PORT: String(webPort),
      REDIS_URL: redis.urls.web,
      ...(setupToken ? { INTERFLOW_SETUP_TOKEN: setupToken } : {}),
      ...withKey,
      // the designer's test URL checks a trigger's sender authentication: sealed for the gateway with it
      ...webhookKey,
      // its OAuth2 Connect asks token endpoints: under the same rules
      ...egress,
    });
    const exitedWhy = () => children.find((c) => c.child.exitedWhileStarting)?.child.exitedWhileStarting;
    await Promise.all([waitForPort(gatewayPort, 30_000, exitedWhy), waitForPort(webPort, 60_000, exitedWhy), workerPort === 0 ? undefined : waitForPort(workerPort, 60_000, exitedWhy)]);
    // up: from now on one that dies is started again
    for (const { child } of children) child.supervise();
    redis.supervise();
    postgres.supervise();

    return {
      webUrl,
      gatewayUrl,
      workerHealthUrl: `http://127.0.0.1:${workerPort}`,
      databaseUrl: postgres.url,
      redisUrl: redis.url,
      adminToken,
      newAdminToken: issued,
      /** the first-run setup link (the owner's account, from another machine too); none once there is an owner */
      setupUrl: setupToken ? `${webUrl}/setup?token=${setupToken}` : undefined,
      runtime: runtime.label,
      stop: async () => {
        // long enough for the worker to stop its step containers (their runners get 20 s to finish)
        await Promise.all(children.map(({ child }) => child.stop(30_000)));
        await stopServices();
      },
    };
  } catch (error) {
    for (const { child } of children) child.kill();
    await stopServices();
    throw error;
  }
}

/** The secret that signs session cookies: made on first start, kept in <dataDir>/auth-secret (0600). */
/** A one-time token for the first-run setup page, kept in <dataDir>/setup-token (mode 0600) until the owner exists. */
function ensureSetupToken(dataDir: string): string {
  if (process.env.INTERFLOW_SETUP_TOKEN) return process.env.INTERFLOW_SETUP_TOKEN;
  const file = path.join(dataDir, "setup-token");
  if (!existsSync(file)) writeFileSync(file, `${randomBytes(24).toString("base64url")}\n`, { mode: 0o600, flag: "wx" });
  chmodSync(file, 0o600);
  return readFileSync(file, "utf8").trim();
}

function ensureAuthSecret(dataDir: string): string {
  if (process.env.BETTER_AUTH_SECRET) return process.env.BETTER_AUTH_SECRET;
  const file = path.join(dataDir, "auth-secret");
  if (!existsSync(file)) writeFileSync(file, `${randomBytes(32).toString("base64url")}\n`, { mode: 0o600, flag: "wx" });
  chmodSync(file, 0o600);
  return readFileSync(file, "utf8").trim();
}

function runtimeFromEnv(): "docker" | "process" | undefined {
  const wanted = process.env.INTERFLOW_RUNTIME;
  if (wanted === undefined || wanted === "") return undefined;
  if (wanted !== "docker" && wanted !== "process") throw new Error(`INTERFLOW_RUNTIME must be "docker" or "process" (got "${wanted}")`);
  return wanted;
}

/**
 * Docker unless told otherwise: the daemon that answers, else Debian's dockerd started here (as
 * root; installed first when missing, see install-packages.mjs), and the runner image built; else
 * a process per step replica. Asked for and not to be had is an error; not asked, the reason for
 * processes is said.
 */
async function chooseRuntime(p: { dataDir: string; wanted: "docker" | "process" | undefined; log: (line: string) => void }): Promise<{ label: string; env: Record<string, string> }> {
  const processes = (why: string) => {
    p.log(`step runtime: process (${why}); custom components run only in containers unless INTERFLOW_ALLOW_UNSANDBOXED_CODE=1`);
    return { label: "process", env: { INTERFLOW_RUNTIME: "process" } };
  };
  if (p.wanted === "process") return processes("INTERFLOW_RUNTIME=process");
  try {
    // Debian's dockerd installed (or installed now) and started when none answers, as npm test does
    if (!(await ensureDocker({ dataDir: p.dataDir, log: p.log, required: p.wanted === "docker" }))) {
      return processes("no Docker daemon answers and none can be started here (said above); start one for a container per step");
    }
    const { runner } = await buildRunnerImage({ log: (line) => p.log(`docker: ${line}`) });
    p.log(`step runtime: docker (a container per step replica, image ${runner})`);
    return { label: `docker, ${runner}`, env: { INTERFLOW_RUNTIME: "docker", INTERFLOW_RUNNER_IMAGE: runner } };
  } catch (error) {
    if (p.wanted === "docker") throw error;
    return processes(`the runner image could not be built: ${(error as Error).message.split("\n")[0]}`);
  }
}

/**
 * A JSON log line as a person reads it on a terminal: "21:33:45 WARN  message key=value …"
 * (elsewhere the lines stay JSON, for whatever collects them).
 */
function readable(line: string): string {
  if (!line.startsWith("{")) return line;
  try {
    const { time, level, msg, service: _service, pid: _pid, hostname: _host, ...fields } = JSON.parse(line) as Record<string, unknown>;
    if (typeof msg !== "string") return line;
    const at = typeof time === "string" ? time.slice(11, 19) : "";
    const rest = Object.entries(fields)
      .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
      .join(" ");
    return `${at} ${String(level ?? "").toUpperCase().padEnd(5)} ${msg}${rest ? `  ${rest}` : ""}`;
  } catch {
    return line;
  }
}
