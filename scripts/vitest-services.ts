// vitest globalSetup for packages whose tests need PostgreSQL and Redis.
// `npm test` starts the services once and passes DATABASE_URL / REDIS_URL; a developer running
// `npx vitest` inside one package gets them started here, in .data/test.
import path from "node:path";
import { fileURLToPath } from "node:url";
// @ts-expect-error plain ESM module without types
import { ensurePostgres, ensureRedis } from "./services.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export default async function setup() {
  const dataDir = path.join(root, ".data", "test");
  const pg = await ensurePostgres({ dataDir, port: 5434 });
  const redis = await ensureRedis({ dataDir, port: 6381 });
  process.env.DATABASE_URL = pg.url;
  process.env.REDIS_URL = redis.url;
  return async () => {
    await redis.stop();
    await pg.stop();
  };
}
