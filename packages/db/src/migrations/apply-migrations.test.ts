import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { createScratchDatabase } from "../testing/scratch-database";
import { testDatabaseUrl } from "../testing/test-env";
import { applyMigrations } from "./apply-migrations";
import { checksumOf } from "./migration-files";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function scratchDatabase(): Promise<string> {
  const scratch = await createScratchDatabase(testDatabaseUrl());
  cleanups.push(scratch.drop);
  return scratch.url;
}

function migrationsDir(migrations: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "interflow-migrations-"));
  for (const [name, sql] of Object.entries(migrations)) writeMigration(dir, name, sql);
  return dir;
}

function writeMigration(dir: string, name: string, sql: string): void {
  mkdirSync(path.join(dir, name), { recursive: true });
  writeFileSync(path.join(dir, name, "migration.sql"), sql);
}

async function query<T extends pg.QueryResultRow>(databaseUrl: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

const FIRST = `CREATE TABLE "Thing" ("id" TEXT PRIMARY KEY);`;
const SECOND = `ALTER TABLE "Thing" ADD COLUMN "name" TEXT;
CREATE FUNCTION thing_name(t "Thing") RETURNS TEXT AS $$ SELECT t.name; $$ LANGUAGE sql;`;

describe("applyMigrations", () => {
  it("applies pending migrations in order, once, with Prisma's bookkeeping", async () => {
    const databaseUrl = await scratchDatabase();
    const dir = migrationsDir({ "20250102000000_second": SECOND, "20250101000000_first": FIRST });
    const lines: string[] = [];

    expect(await applyMigrations({ databaseUrl, migrationsDir: dir, log: (line) => lines.push(line) })).toEqual({
      applied: ["20250101000000_first", "20250102000000_second"],
    });
    expect(lines).toContain("applied migration 20250101000000_first");
    const rows = await query<{ migration_name: string; checksum: string; applied_steps_count: number; finished: boolean }>(
      databaseUrl,
      `SELECT migration_name, checksum, applied_steps_count, finished_at IS NOT NULL AS finished FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows).toEqual([
      { migration_name: "20250101000000_first", checksum: checksumOf(FIRST), applied_steps_count: 1, finished: true },
      { migration_name: "20250102000000_second", checksum: checksumOf(SECOND), applied_steps_count: 1, finished: true },
    ]);

    expect(await applyMigrations({ databaseUrl, migrationsDir: dir })).toEqual({ applied: [] });
    writeMigration(dir, "20250103000000_third", `CREATE INDEX "Thing_name_idx" ON "Thing"("name");`);
    expect(await applyMigrations({ databaseUrl, migrationsDir: dir })).toEqual({ applied: ["20250103000000_third"] });
  });

  it("refuses a migration whose file changed after it was applied", async () => {
    const databaseUrl = await scratchDatabase();
    const dir = migrationsDir({ "20250101000000_first": FIRST });
    await applyMigrations({ databaseUrl, migrationsDir: dir });
    writeMigration(dir, "20250101000000_first", `${FIRST}\n-- edited`);
    await expect(applyMigrations({ databaseUrl, migrationsDir: dir })).rejects.toThrow(/migration 20250101000000_first was changed after it was applied/);
  });

  it("leaves nothing of a failing migration behind and refuses to go on until it is resolved (P3009)", async () => {
    const databaseUrl = await scratchDatabase();
    const dir = migrationsDir({
      "20250101000000_first": FIRST,
      "20250102000000_broken": `CREATE TABLE "Half" ("id" TEXT); ALTER TABLE "Missing" ADD COLUMN "x" TEXT;`,
    });
    await expect(applyMigrations({ databaseUrl, migrationsDir: dir })).rejects.toThrow(
      /migration 20250102000000_broken failed and was rolled back: relation "Missing" does not exist/,
    );
    expect(await query(databaseUrl, `SELECT 1 FROM pg_tables WHERE tablename = 'Half'`)).toEqual([]);
    const [failed] = await query<{ finished_at: Date | null; logs: string }>(
      databaseUrl,
      `SELECT finished_at, logs FROM "_prisma_migrations" WHERE migration_name = '20250102000000_broken'`,
    );
    expect(failed).toEqual({ finished_at: null, logs: expect.stringContaining('relation "Missing" does not exist') });

    writeMigration(dir, "20250102000000_broken", `CREATE TABLE "Half" ("id" TEXT);`);
    await expect(applyMigrations({ databaseUrl, migrationsDir: dir })).rejects.toThrow(/P3009: migration 20250102000000_broken .* failed/);
  });

  it("applies each migration once when several processes start together", async () => {
    const databaseUrl = await scratchDatabase();
    const dir = migrationsDir({ "20250101000000_first": FIRST, "20250102000000_second": SECOND });
    const results = await Promise.all([1, 2, 3].map(() => applyMigrations({ databaseUrl, migrationsDir: dir })));
    expect(results.flatMap((r) => r.applied).sort()).toEqual(["20250101000000_first", "20250102000000_second"]);
  });
});
