// `node apps/worker/dist/compose-secrets.js <dir>` (Compose's `secrets` service, first of all): the
// installation's passwords and keys, generated on the first run and kept in <dir> — no password is
// fixed in compose.yaml or asked of the person. Each service gets only the files it needs, in a
// volume of its own, readable by its user alone:
//   <dir>/platform  (web, worker, migrate; uid 1000): database-url, redis-url, encryption-key,
//                   auth-secret, webhook-key, setup-token — the values of record
//   <dir>/gateway   (uid 1000): redis-url, webhook-key (never the encryption key)
//   <dir>/postgres  (the postgres image's uid 999): password
//   <dir>/redis     (the redis image's uid 999): redis.conf (requirepass), password
// A value exported when the installation is first brought up (INTERFLOW_POSTGRES_PASSWORD,
// INTERFLOW_REDIS_PASSWORD, INTERFLOW_ENCRYPTION_KEY, BETTER_AUTH_SECRET, INTERFLOW_WEBHOOK_KEY,
// INTERFLOW_SETUP_TOKEN: an installation made with an earlier compose.yaml) is taken instead of a new
// one; once kept, a value is never replaced (the encryption key opens the stored credentials).
// Where the databases are: INTERFLOW_POSTGRES_ADDRESS (postgres:5432), INTERFLOW_POSTGRES_USER and
// INTERFLOW_POSTGRES_DB (interflow), INTERFLOW_REDIS_ADDRESS (redis:6379). With
// INTERFLOW_EXISTING_POSTGRES_DATA (PostgreSQL's data, mounted read-only) it refuses to make a new
// database password or encryption key for a database that already holds data; a value exported that
// differs from a kept one stops it too (the kept one is the installation's).
import { randomBytes } from "node:crypto";
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";

/** The users of the official images that read each part (node:20's node, postgres:16's and redis:7's). */
export const SECRET_OWNERS = { platform: 1000, gateway: 1000, postgres: 999, redis: 999 } as const;

interface Kept {
  name: string;
  /** where an installation made before keeps it */
  variable: string;
  make: () => string;
}

const KEPT: Kept[] = [
  { name: "postgres-password", variable: "INTERFLOW_POSTGRES_PASSWORD", make: () => randomBytes(24).toString("hex") },
  { name: "redis-password", variable: "INTERFLOW_REDIS_PASSWORD", make: () => randomBytes(24).toString("hex") },
  { name: "encryption-key", variable: "INTERFLOW_ENCRYPTION_KEY", make: () => randomBytes(32).toString("base64") },
  { name: "auth-secret", variable: "BETTER_AUTH_SECRET", make: () => randomBytes(32).toString("base64") },
  { name: "webhook-key", variable: "INTERFLOW_WEBHOOK_KEY", make: () => randomBytes(32).toString("base64") },
  { name: "setup-token", variable: "INTERFLOW_SETUP_TOKEN", make: () => randomBytes(16).toString("hex") },
];

/** What an existing database cannot do without: its password, and the key its credentials are sealed with. */
const NEEDED_BY_EXISTING_DATA = ["postgres-password", "encryption-key"];

export interface SecretsResult {
  /** the values made (or taken from the environment) on this run, by name */
  made: string[];
  setupToken: string;
}

/** A value as redis.conf reads it: bare when it is plain, else double-quoted with escapes. */
function redisConfValue(value: string): string {
  return /^[A-Za-z0-9._~+/=-]+$/.test(value) ? value : `"${value.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\n/g, "\\n")}"`;
}

export function writeComposeSecrets(dir: string, env: Record<string, string | undefined> = process.env): SecretsResult {
  const asRoot = process.getuid?.() === 0;
  const part = (name: keyof typeof SECRET_OWNERS) => {
    const at = path.join(dir, name);
    mkdirSync(at, { recursive: true });
    chmodSync(at, 0o700);
    if (asRoot) chownSync(at, SECRET_OWNERS[name], SECRET_OWNERS[name]);
    return at;
  };
  // written whole (a crash never leaves half a file), readable by its owner alone
  const write = (partName: keyof typeof SECRET_OWNERS, file: string, content: string) => {
    const at = path.join(part(partName), file);
    const next = `${at}.${process.pid}.new`;
    writeFileSync(next, `${content}\n`, { mode: 0o400 });
    if (asRoot) chownSync(next, SECRET_OWNERS[partName], SECRET_OWNERS[partName]);
    renameSync(next, at);
  };

  const platform = part("platform");
  const keptAt = (kept: Kept) => path.join(platform, kept.name);
  // PostgreSQL's data already there but no secrets kept: an installation made with an earlier
  // compose.yaml. New values would lock it out of its database and its credentials: ask for its own
  const existing = env.INTERFLOW_EXISTING_POSTGRES_DATA;
  if (existing && existsSync(path.join(existing, "PG_VERSION"))) {
    const missing = KEPT.filter((k) => NEEDED_BY_EXISTING_DATA.includes(k.name) && !existsSync(keptAt(k)) && !env[k.variable]).map((k) => k.variable);
    if (missing.length > 0) {
      throw new Error(`PostgreSQL already holds this installation's data, but its ${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} not kept here: export ${missing.length > 1 ? "them" : "it"} (the values the earlier compose.yaml was started with) for this first \`up\`; new ones would lock the platform out of its database and credentials`);
    }
  }
  const made: string[] = [];
  const value: Record<string, string> = {};
  for (const kept of KEPT) {
    const at = keptAt(kept);
    if (existsSync(at)) {
      value[kept.name] = readFileSync(at, "utf8").replace(/\n$/, "");
      const given = env[kept.variable];
      if (given && given !== value[kept.name]) {
        throw new Error(`${kept.variable} is set to another value than the one kept in ${at}: the kept one is the installation's (unset ${kept.variable}, or put the new value in that file yourself)`);
      }
      continue;
    }
    value[kept.name] = env[kept.variable] || kept.make();
    write("platform", kept.name, value[kept.name] as string);
    made.push(kept.name);
  }
  const postgresAddress = env.INTERFLOW_POSTGRES_ADDRESS || "postgres:5432";
  const redisAddress = env.INTERFLOW_REDIS_ADDRESS || "redis:6379";
  const pg = encodeURIComponent(value["postgres-password"] as string);
  const redis = encodeURIComponent(value["redis-password"] as string);
  const databaseUrl = `postgres://${env.INTERFLOW_POSTGRES_USER || "interflow"}:${pg}@${postgresAddress}/${env.INTERFLOW_POSTGRES_DB || "interflow"}`;
  const redisUrl = `redis://:${redis}@${redisAddress}`;
  // what each service reads, made again from the values of record on every run
  write("platform", "database-url", databaseUrl);
  write("platform", "redis-url", redisUrl);
  write("gateway", "redis-url", redisUrl);
  write("gateway", "webhook-key", value["webhook-key"] as string);
  write("postgres", "password", value["postgres-password"] as string);
  write("redis", "password", value["redis-password"] as string);
  write("redis", "redis.conf", `requirepass ${redisConfValue(value["redis-password"] as string)}`);
  return { made, setupToken: value["setup-token"] as string };
}

const isMain = process.argv[1] !== undefined && /compose-secrets\.(js|ts)$/.test(process.argv[1]);
if (isMain) {
  const dir = process.argv[2];
  if (!dir) {
    console.error("usage: compose-secrets <dir>");
    process.exit(2);
  }
  try {
    const { made, setupToken } = writeComposeSecrets(dir);
    console.log(made.length > 0 ? `made and kept: ${made.join(", ")}` : "the installation's secrets are kept as they were");
    const base = (process.env.BETTER_AUTH_URL || "http://localhost:3000").replace(/\/+$/, "");
    console.log(`until its owner exists, the installation is set up at ${base}/setup?token=${setupToken}`);
  } catch (error) {
    console.error(`secrets not written: ${(error as Error).message}`);
    process.exit(1);
  }
}
