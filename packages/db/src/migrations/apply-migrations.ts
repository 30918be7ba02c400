import { randomUUID } from "node:crypto";
import pg from "pg";
import { MigrationError } from "./migration-error";
import { findMigrationsDir, type MigrationFile, readMigrations } from "./migration-files";
import {
  CREATE_MIGRATIONS_TABLE,
  failMigrationRow,
  finishMigrationRow,
  type MigrationRow,
  readMigrationRows,
  startMigrationRow,
} from "./migrations-table";

/** Session advisory lock held while migrating, so parallel starts (tests, replicas) apply each migration once. */
const MIGRATION_LOCK_KEY = 7_215_063_021;

/**
 * Applies the pending migrations of prisma/migrations, keeping Prisma's `_prisma_migrations` table
 * as `prisma migrate deploy` does. Each migration.sql is sent as ONE query, which PostgreSQL runs
 * as one implicit transaction: a failing migration leaves nothing half-applied, only a failed row
 * that must be resolved before anything else is applied (Prisma's P3009).
 */
export async function applyMigrations(opts: {
  databaseUrl: string;
  log?: (line: string) => void;
  /** defaults to the repository's prisma/migrations */
  migrationsDir?: string;
}): Promise<{ applied: string[] }> {
  const log = opts.log ?? (() => {});
  const migrations = readMigrations(opts.migrationsDir ?? findMigrationsDir());
  const client = new pg.Client({ connectionString: opts.databaseUrl });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    await client.query(CREATE_MIGRATIONS_TABLE);
    const pending = pendingMigrations(migrations, await readMigrationRows(client), log);
    const applied: string[] = [];
    for (const migration of pending) {
      await applyOne(client, migration);
      applied.push(migration.name);
      log(`applied migration ${migration.name}`);
    }
    if (applied.length === 0) log(`database is up to date (${migrations.length} migrations)`);
    return { applied };
  } finally {
    await client.end();
  }
}

function pendingMigrations(migrations: MigrationFile[], rows: MigrationRow[], log: (line: string) => void): MigrationFile[] {
  const failed = rows.find((row) => row.finished_at === null && row.rolled_back_at === null);
  if (failed) {
    throw new MigrationError(
      `P3009: migration ${failed.migration_name} (started ${failed.started_at.toISOString()}) failed, so no new migration is applied. ` +
        `Fix the database, then mark it rolled back or applied (prisma migrate resolve). Its error: ${failed.logs ?? "(no log)"}`,
    );
  }
  const applied = new Map(rows.filter((row) => row.finished_at !== null && row.rolled_back_at === null).map((row) => [row.migration_name, row]));
  const files = new Set(migrations.map((m) => m.name));
  for (const name of applied.keys()) {
    if (!files.has(name)) log(`warning: migration ${name} is applied to the database but missing from the migrations folder`);
  }
  for (const migration of migrations) {
    const row = applied.get(migration.name);
    if (row && row.checksum !== migration.checksum) {
      throw new MigrationError(
        `migration ${migration.name} was changed after it was applied (checksum ${migration.checksum}, applied ${row.checksum}); ` +
          "restore its migration.sql and put the change in a new migration",
      );
    }
  }
  return migrations.filter((m) => !applied.has(m.name));
}

async function applyOne(client: pg.Client, migration: MigrationFile): Promise<void> {
  const id = randomUUID();
  await startMigrationRow(client, { id, name: migration.name, checksum: migration.checksum });
  try {
    await client.query(migration.sql);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await failMigrationRow(client, { id, logs: message });
    throw new MigrationError(`migration ${migration.name} failed and was rolled back: ${message}`);
  }
  await finishMigrationRow(client, { id });
}
