// Compose's first-run secrets: made once, kept, each service's part readable by its user alone.
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { SECRET_OWNERS, writeComposeSecrets } from "./compose-secrets";

const read = (dir: string, file: string) => readFileSync(path.join(dir, file), "utf8").replace(/\n$/, "");
const asRoot = process.getuid?.() === 0;

describe("Compose's generated secrets", () => {
  it("are made on the first run, kept on the next, and each service gets only its part, mode 0400 in a 0700 directory of its user", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "interflow-compose-secrets-"));
    const first = writeComposeSecrets(dir, {});
    expect(first.made).toEqual(["postgres-password", "redis-password", "encryption-key", "auth-secret", "webhook-key", "setup-token"]);
    const postgresPassword = read(dir, "platform/postgres-password");
    const redisPassword = read(dir, "platform/redis-password");
    expect(postgresPassword).toMatch(/^[0-9a-f]{48}$/);
    expect(Buffer.from(read(dir, "platform/encryption-key"), "base64")).toHaveLength(32);
    expect(read(dir, "platform/database-url")).toBe(`postgres://interflow:${postgresPassword}@postgres:5432/interflow`);
    expect(read(dir, "platform/redis-url")).toBe(`redis://:${redisPassword}@redis:6379`);
    expect(read(dir, "gateway/redis-url")).toBe(`redis://:${redisPassword}@redis:6379`);
    expect(read(dir, "gateway/webhook-key")).toBe(read(dir, "platform/webhook-key"));
    expect(read(dir, "postgres/password")).toBe(postgresPassword);
    expect(read(dir, "redis/redis.conf")).toBe(`requirepass ${redisPassword}`);
    // least privilege: the gateway's part holds no encryption key, the databases' parts only their password
    expect(readdir(dir, "gateway")).toEqual(["redis-url", "webhook-key"]);
    expect(readdir(dir, "postgres")).toEqual(["password"]);
    expect(readdir(dir, "redis")).toEqual(["password", "redis.conf"]);
    for (const part of ["platform", "gateway", "postgres", "redis"] as const) {
      const dirStat = statSync(path.join(dir, part));
      expect(dirStat.mode & 0o777, part).toBe(0o700);
      for (const file of readdir(dir, part)) {
        const stat = statSync(path.join(dir, part, file));
        expect(stat.mode & 0o777, `${part}/${file}`).toBe(0o400);
        if (asRoot) expect([stat.uid, dirStat.uid], `${part}/${file}`).toEqual([SECRET_OWNERS[part], SECRET_OWNERS[part]]);
      }
    }

    // the next `up`: nothing new, the same values (the encryption key opens the stored credentials)
    const again = writeComposeSecrets(dir, {});
    expect(again.made).toEqual([]);
    expect(again.setupToken).toBe(first.setupToken);
    expect(read(dir, "platform/postgres-password")).toBe(postgresPassword);
  });

  it("takes the values an installation made with an earlier compose.yaml exported, the first time (quoted where redis.conf needs it)", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "interflow-compose-secrets-"));
    const result = writeComposeSecrets(dir, { INTERFLOW_POSTGRES_PASSWORD: "p@ss/word", INTERFLOW_REDIS_PASSWORD: 'r "quoted" pw', INTERFLOW_ENCRYPTION_KEY: "k".repeat(44), INTERFLOW_POSTGRES_ADDRESS: "127.0.0.1:5444" });
    expect(result.made).toContain("encryption-key");
    expect(read(dir, "platform/encryption-key")).toBe("k".repeat(44));
    expect(read(dir, "platform/database-url")).toBe("postgres://interflow:p%40ss%2Fword@127.0.0.1:5444/interflow");
    expect(new URL(read(dir, "platform/redis-url")).password).toBe(encodeURIComponent('r "quoted" pw'));
    expect(read(dir, "redis/redis.conf")).toBe('requirepass "r \\"quoted\\" pw"');
  });
});

describe("an installation made with an earlier compose.yaml (its database has data, no secrets are kept)", () => {
  it("is not given a new database password or encryption key: refused naming what to export; with them given, they are kept", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "interflow-compose-secrets-"));
    const data = mkdtempSync(path.join(tmpdir(), "interflow-postgres-data-"));
    writeFileSync(path.join(data, "PG_VERSION"), "16\n");
    expect(() => writeComposeSecrets(dir, { INTERFLOW_EXISTING_POSTGRES_DATA: data })).toThrow(
      /^PostgreSQL already holds this installation's data, but its INTERFLOW_POSTGRES_PASSWORD and INTERFLOW_ENCRYPTION_KEY are not kept here: export them/,
    );
    expect(existsSync(path.join(dir, "platform", "encryption-key"))).toBe(false);
    const key = Buffer.alloc(32, 7).toString("base64");
    const result = writeComposeSecrets(dir, { INTERFLOW_EXISTING_POSTGRES_DATA: data, INTERFLOW_POSTGRES_PASSWORD: "the-old-password", INTERFLOW_ENCRYPTION_KEY: key });
    expect(result.made).toContain("encryption-key");
    expect(read(dir, "platform/encryption-key")).toBe(key);
    // from now on they are kept: the next up needs nothing exported
    expect(writeComposeSecrets(dir, { INTERFLOW_EXISTING_POSTGRES_DATA: data }).made).toEqual([]);
  });

  it("a value exported that differs from the kept one stops it (the kept one is the installation's)", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "interflow-compose-secrets-"));
    writeComposeSecrets(dir, {});
    expect(() => writeComposeSecrets(dir, { INTERFLOW_ENCRYPTION_KEY: "another-key" })).toThrow(/^INTERFLOW_ENCRYPTION_KEY is set to another value than the one kept in .*encryption-key/);
    // the same value exported again is fine
    expect(writeComposeSecrets(dir, { INTERFLOW_ENCRYPTION_KEY: read(dir, "platform/encryption-key") }).made).toEqual([]);
  });
});

function readdir(dir: string, part: string): string[] {
  return readdirSync(path.join(dir, part)).sort();
}

describe("compose.yaml", () => {
  type Service = { environment?: Record<string, string>; volumes?: string[]; networks?: string[]; command?: string[]; user?: string };
  const compose = parse(readFileSync(path.join(import.meta.dirname, "../../../docker/compose.yaml"), "utf8")) as { services: Record<string, Service> };
  const { services } = compose;
  const mounts = (name: string) => (services[name]?.volumes ?? []).map((v) => v.split(":").slice(0, 2).join(":"));

  it("fixes no password and asks for none: every secret setting of a service is a file of the secrets part it mounts", () => {
    const secretNames = /PASSWORD|SECRET|_KEY$|TOKEN|DATABASE_URL$|REDIS_URL$/;
    for (const [name, service] of Object.entries(services)) {
      if (name === "secrets") continue;
      for (const [variable, value] of Object.entries(service.environment ?? {})) {
        if (variable === "REDISCLI_AUTH") throw new Error(`${name}: REDISCLI_AUTH puts the password in the environment`);
        if (!variable.endsWith("_FILE")) expect(secretNames.test(variable), `${name}: ${variable} is a secret given as a value`).toBe(false);
        expect(String(value), `${name}: ${variable}`).not.toMatch(/:\?/);
        if (variable.endsWith("_FILE")) expect(mounts(name).some((m) => String(value).startsWith(`${m.split(":")[1]}/`)), `${name}: ${variable} is in a mounted part`).toBe(true);
      }
    }
    // the secrets service makes them, with no network, and is the one that mounts every part
    expect(services.secrets?.command).toEqual(["node", "apps/worker/dist/compose-secrets.js", "/secrets"]);
    expect(mounts("secrets")).toEqual(["postgres-data:/existing/postgres-data", "secrets-platform:/secrets/platform", "secrets-gateway:/secrets/gateway", "secrets-postgres:/secrets/postgres", "secrets-redis:/secrets/redis"]);
    expect(services.secrets?.environment?.INTERFLOW_EXISTING_POSTGRES_DATA).toBe("/existing/postgres-data");
  });

  it("gives each service only its part: the gateway never the encryption key, the databases their password alone; only Redis is on the steps' network", () => {
    expect(mounts("gateway")).toEqual(["secrets-gateway:/run/interflow"]);
    expect(mounts("postgres")).toEqual(["postgres-data:/var/lib/postgresql/data", "secrets-postgres:/run/interflow"]);
    expect(mounts("redis")).toEqual(["redis-data:/data", "secrets-redis:/run/interflow"]);
    for (const name of ["migrate", "web"]) expect(mounts(name)).toEqual(["secrets-platform:/run/interflow"]);
    expect(services.redis?.command?.[1]).toBe("/run/interflow/redis.conf");
    const onSteps = Object.entries(services).filter(([, s]) => (s.networks ?? []).includes("steps")).map(([name]) => name);
    expect(onSteps).toEqual(["redis"]);
    // every part mounted read-only where it is read
    for (const [name, service] of Object.entries(services)) {
      for (const volume of service.volumes ?? []) if (volume.startsWith("secrets-") && name !== "secrets") expect(volume, name).toMatch(/:ro$/);
    }
  });
});
