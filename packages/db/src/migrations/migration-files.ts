import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** One directory of prisma/migrations: `<timestamp>_<name>/migration.sql`. */
export interface MigrationFile {
  /** the directory name, as Prisma stores it in `_prisma_migrations.migration_name` */
  name: string;
  sql: string;
  /** hex sha256 of the migration.sql bytes (Prisma's checksum) */
  checksum: string;
}

/**
 * The repository's `prisma/` folder, found by walking up from this file. Works from the TypeScript
 * source (packages/db/src/migrations) and from a bundle (apps/x/dist) inside the repository.
 */
export function findPrismaDir(from: string = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "prisma");
    if (existsSync(path.join(candidate, "schema.prisma"))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`no prisma/schema.prisma found in ${from} or any folder above it`);
  }
}

export function findMigrationsDir(): string {
  return path.join(findPrismaDir(), "migrations");
}

export function checksumOf(sql: Buffer | string): string {
  return createHash("sha256").update(sql).digest("hex");
}

/** The migrations in the order Prisma applies them (directory names sort by their timestamp). */
export function readMigrations(migrationsDir: string): MigrationFile[] {
  if (!existsSync(migrationsDir)) return [];
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(migrationsDir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const bytes = readFileSync(path.join(migrationsDir, name, "migration.sql"));
      return { name, sql: bytes.toString("utf8"), checksum: checksumOf(bytes) };
    });
}
