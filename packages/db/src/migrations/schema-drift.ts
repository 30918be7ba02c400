import path from "node:path";
import { openSchemaEngine } from "./schema-engine";
import type { SchemaFile } from "./schema-file";

const NO_FILTERS = { externalTables: [], externalEnums: [] };

/**
 * What the database at `databaseUrl` lacks compared with `schema`, as the SQL Prisma would run;
 * `drifted` is false when they are equal (Prisma's own `_prisma_migrations` table is ignored).
 */
export async function schemaDrift(p: { databaseUrl: string; schema: SchemaFile }): Promise<{ drifted: boolean; script: string }> {
  const engine = await openSchemaEngine({ databaseUrl: p.databaseUrl, schema: p.schema });
  try {
    const result = await engine.diff({
      from: { tag: "schemaDatasource", files: [p.schema], configDir: path.dirname(p.schema.path) },
      to: { tag: "schemaDatamodel", files: [p.schema] },
      script: true,
      exitCode: true,
      filters: NO_FILTERS,
    });
    return { drifted: result.exitCode === 2, script: result.stdout ?? "" };
  } finally {
    engine.free();
  }
}
