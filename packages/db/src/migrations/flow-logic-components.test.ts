import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { createScratchDatabase } from "../testing/scratch-database";
import { testDatabaseUrl } from "../testing/test-env";
import { applyMigrations } from "./apply-migrations";
import { findMigrationsDir } from "./migration-files";
import { upgradeDocument } from "@interflow/flow";

const RENAME = "20261207120000_flow_logic_components";
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  // last made, first undone (the client before its database)
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The repository's migrations before (or up to and with) the rename, in a directory of their own. */
function migrationsUpTo(last: string, inclusive: boolean): string {
  const dir = mkdtempSync(path.join(tmpdir(), "interflow-migrations-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const source = findMigrationsDir();
  for (const name of readdirSync(source)) {
    if (!/^\d{14}_/.test(name) || (inclusive ? name > last : name >= last)) continue;
    cpSync(path.join(source, name), path.join(dir, name), { recursive: true });
  }
  return dir;
}

const oldDocument = {
  schema: "interflow/flow@1",
  name: "Old names",
  nodes: [
    { id: "hook", component: "webhook", function: "receive", config: {} },
    { id: "paid", component: "transform", function: "filter", config: { condition: "paid" } },
    { id: "lines", component: "transform", function: "split", config: { path: "lines" } },
    { id: "bulk", component: "transform", function: "batch", config: { size: 5, seconds: 30, key: "sku" } },
    { id: "later", component: "schedule", function: "delay", config: { seconds: 60 } },
    { id: "due", component: "schedule", function: "delay", config: { seconds: 60, until: "dueDate" } },
    { id: "shape", component: "transform", function: "map", config: { expression: "$" } },
  ],
  edges: [{ source: "hook", target: "paid" }],
};

describe(`migration ${RENAME}`, () => {
  it("rewrites stored drafts and versions to the contract's component names, keeping everything else", async () => {
    const scratch = await createScratchDatabase(testDatabaseUrl());
    cleanups.push(scratch.drop);
    await applyMigrations({ databaseUrl: scratch.url, migrationsDir: migrationsUpTo(RENAME, false) });
    const client = new pg.Client({ connectionString: scratch.url });
    await client.connect();
    cleanups.push(() => client.end());
    await client.query(`INSERT INTO "Workspace" (id, name) VALUES ('w', 'w')`);
    await client.query(`INSERT INTO "Flow" (id, "workspaceId", name, type, draft) VALUES ('f', 'w', 'f', 'ordinary', $1), ('g', 'w', 'g', 'ordinary', NULL)`, [JSON.stringify(oldDocument)]);
    await client.query(`INSERT INTO "FlowVersion" (id, "flowId", version, document) VALUES ('v', 'f', 1, $1)`, [JSON.stringify(oldDocument)]);

    expect((await applyMigrations({ databaseUrl: scratch.url, migrationsDir: migrationsUpTo(RENAME, true) })).applied).toEqual([RENAME]);

    const [flow] = (await client.query(`SELECT draft FROM "Flow" WHERE id = 'f'`)).rows;
    const [version] = (await client.query(`SELECT document FROM "FlowVersion" WHERE id = 'v'`)).rows;
    const expected = {
      ...oldDocument,
      nodes: [
        oldDocument.nodes[0],
        { id: "paid", component: "filter", function: "keep", config: { condition: "paid" } },
        { id: "lines", component: "split", function: "items", config: { path: "lines" } },
        // as before: the bare list of bodies; a time named without "wait" was not waited for
        { id: "bulk", component: "batch", function: "collect", config: { size: 5, maxWaitSeconds: 30, key: "sku", body: "list" } },
        { id: "later", component: "delay", function: "wait", config: { seconds: 60 } },
        { id: "due", component: "delay", function: "wait", config: { seconds: 60, until: "dueDate", wait: "for" } },
        oldDocument.nodes[6],
      ],
    };
    expect(flow.draft).toEqual(expected);
    // the SQL and the reader (legacy.ts) upgrade alike
    expect(upgradeDocument(oldDocument)).toEqual(expected);
    expect(version.document).toEqual(expected);
    expect((await client.query(`SELECT draft FROM "Flow" WHERE id = 'g'`)).rows[0].draft).toBeNull();
  });
});
