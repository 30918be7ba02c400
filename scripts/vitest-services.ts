// vitest globalSetup for packages whose tests need PostgreSQL and Redis.
// `npm test` starts the services once and passes DATABASE_URL / REDIS_URL; a developer running
// `npx vitest` inside one package gets them started here, in .data/test. Either way the database
// migrations are applied before the tests run, and INTERFLOW_ENCRYPTION_KEY is set (the given one,
// else .data/test/encryption-key) for anything under test that reads it from the environment.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ENCRYPTION_KEY_VARIABLE } from "../packages/db/src/credentials/encryption-key";
import { applyMigrations } from "../packages/db/src/migrations/apply-migrations";
import { ensureEncryptionKey } from "./encryption-key";
// @ts-expect-error plain ESM module without types
import { ensurePostgres, ensureRedis } from "./services.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export default async function setup() {
  const dataDir = path.join(root, ".data", "test");
  const pg = await ensurePostgres({ dataDir, port: 5434 });
  const redis = await ensureRedis({ dataDir, port: 6381 });
  process.env.DATABASE_URL = pg.url;
  process.env.REDIS_URL = redis.url;
  process.env[ENCRYPTION_KEY_VARIABLE] = ensureEncryptionKey(dataDir);
  // the tests' sinks and APIs listen on loopback (steps may not reach it unless allowed)
  process.env.INTERFLOW_EGRESS_ALLOW ??= "127.0.0.0/8,::1";
  await applyMigrations({ databaseUrl: pg.url });
  return async () => {
    await redis.stop();
    await pg.stop();
  };
}
