import { cpSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScratchDatabase } from "../testing/scratch-database";
import { testDatabaseUrl } from "../testing/test-env";
import { applyMigrations } from "./apply-migrations";
import { createMigration } from "./create-migration";
import { findMigrationsDir } from "./migration-files";
import { schemaDrift } from "./schema-drift";
import { readSchemaFile, type SchemaFile } from "./schema-file";

/** schema.prisma with one more column on Flow: what a developer forgetting `npm run db:migration` leaves behind. */
function schemaWithExtraColumn(schema: SchemaFile): SchemaFile {
  const content = schema.content.replace(/model Flow \{\n/, "model Flow {\n  description String?\n");
  expect(content).not.toBe(schema.content);
  return { ...schema, content };
}

describe("prisma/migrations against prisma/schema.prisma", () => {
  const schema = readSchemaFile();
  let scratch: { url: string; drop(): Promise<void> };

  beforeAll(async () => {
    scratch = await createScratchDatabase(testDatabaseUrl());
    await applyMigrations({ databaseUrl: scratch.url });
  });
  afterAll(() => scratch.drop());

  it("the migrations, applied to an empty database, build exactly schema.prisma", async () => {
    const drift = await schemaDrift({ databaseUrl: scratch.url, schema });
    expect(drift.script).not.toMatch(/ALTER|CREATE|DROP/);
    expect(drift.drifted).toBe(false);
  });

  it("reports drift when schema.prisma has a change no migration carries", async () => {
    const drift = await schemaDrift({ databaseUrl: scratch.url, schema: schemaWithExtraColumn(schema) });
    expect(drift.drifted).toBe(true);
    expect(drift.script).toContain(`ALTER TABLE "Flow" ADD COLUMN     "description" TEXT`);
  });

  it("npm run db:migration writes that change as a new migration, and nothing when there is none", async () => {
    const migrationsDir = mkdtempSync(path.join(tmpdir(), "interflow-migrations-"));
    cpSync(findMigrationsDir(), migrationsDir, { recursive: true });
    const databaseUrl = testDatabaseUrl();

    expect(await createMigration({ databaseUrl, schema, migrationsDir, name: "nothing" })).toBeNull();
    const written = await createMigration({ databaseUrl, schema: schemaWithExtraColumn(schema), migrationsDir, name: "flow_description" });
    expect(written?.name).toMatch(/^\d{14}_flow_description$/);
    expect(readFileSync(written?.file ?? "", "utf8")).toContain(`ALTER TABLE "Flow" ADD COLUMN     "description" TEXT`);
  });
});
