// `npm run db:migration -- --name <what-changed> [--draft]`
// Diffs prisma/migrations against prisma/schema.prisma with Prisma's WASM schema engine and writes
// the difference as a new migration. Uses DATABASE_URL's server for the shadow database, or starts
// the test PostgreSQL (.data/test) when DATABASE_URL is unset.
import path from "node:path";
import { parseArgs } from "node:util";
import { applyMigrations } from "../migrations/apply-migrations";
import { createMigration } from "../migrations/create-migration";
import { findPrismaDir } from "../migrations/migration-files";
import { readSchemaFile } from "../migrations/schema-file";
import { readCliEnv } from "./env";
// @ts-expect-error plain ESM module without types
import { ensurePostgres } from "../../../../scripts/services.mjs";

const { values } = parseArgs({ options: { name: { type: "string" }, draft: { type: "boolean", default: false } } });
if (!values.name || !/^[a-z0-9_]+$/i.test(values.name)) {
  console.error("usage: npm run db:migration -- --name <what_changed> [--draft]   (name: letters, digits, _)");
  process.exit(1);
}

const prismaDir = findPrismaDir();
const env = readCliEnv();
const postgres: { url: string; stop: () => Promise<void> } = env.DATABASE_URL
  ? { url: env.DATABASE_URL, stop: async () => {} }
  : await ensurePostgres({ dataDir: path.join(prismaDir, "..", ".data", "test"), port: 5434, log: console.log });

try {
  // the engine diffs against a database at the last migration (an empty or stale one makes it fail
  // with "shadow DB must be provided through an external factory")
  await applyMigrations({ databaseUrl: postgres.url });
  const written = await createMigration({
    databaseUrl: postgres.url,
    schema: readSchemaFile(prismaDir),
    migrationsDir: path.join(prismaDir, "migrations"),
    name: values.name,
    draft: values.draft,
    log: console.log,
  });
  console.log(written ? `wrote ${path.relative(process.cwd(), written.file)}` : "schema.prisma matches the migrations: nothing to write");
} finally {
  await postgres.stop();
}
