import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { MIGRATION_LOCK_CONTENT, MIGRATION_LOCK_FILE, migrationListOf } from "./migration-list";
import { openSchemaEngine } from "./schema-engine";
import type { SchemaFile } from "./schema-file";

const NO_FILTERS = { externalTables: [], externalEnums: [] };

/**
 * Writes `<migrationsDir>/<timestamp>_<name>/migration.sql`: the SQL that takes a database built by
 * the existing migrations to `schema`. The engine replays the migrations in a shadow database on
 * the server of `databaseUrl` (needs CREATEDB). Returns null when there is nothing to migrate
 * (unless `draft`, which writes an empty migration to fill by hand).
 */
export async function createMigration(p: {
  databaseUrl: string;
  schema: SchemaFile;
  migrationsDir: string;
  name: string;
  draft?: boolean;
  log?: (line: string) => void;
}): Promise<{ name: string; file: string } | null> {
  const log = p.log ?? (() => {});
  const engine = await openSchemaEngine({ databaseUrl: p.databaseUrl, schema: p.schema });
  try {
    const migrationsList = migrationListOf(p.migrationsDir);
    // sets up the shadow database createMigration needs; its advice concerns the dev database only
    const diagnostic = await engine.devDiagnostic({ migrationsList, filters: NO_FILTERS });
    if (diagnostic.action.tag === "reset") log(`note: the development database differs from the migrations (${diagnostic.action.reason})`);
    const output = await engine.createMigration({
      draft: p.draft ?? false,
      migrationName: p.name,
      migrationsList,
      schema: { files: [p.schema] },
      filters: NO_FILTERS,
    });
    if (output.migrationScript === null) return null;
    const dir = path.join(p.migrationsDir, output.generatedMigrationName);
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `migration.${output.extension}`);
    writeFileSync(file, output.migrationScript);
    const lockFile = path.join(p.migrationsDir, MIGRATION_LOCK_FILE);
    if (!existsSync(lockFile)) writeFileSync(lockFile, MIGRATION_LOCK_CONTENT);
    return { name: output.generatedMigrationName, file };
  } finally {
    engine.free();
  }
}
