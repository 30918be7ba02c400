import { afterAll } from "vitest";
import { createDb, type Db } from "../db";
import { createWorkspace } from "../workspaces/create-workspace";
import { testDatabaseUrl } from "./test-env";

/** A Db for one test file, closed after it. The database is shared: create your own workspaces. */
export function useTestDb(): Db {
  const db = createDb(testDatabaseUrl());
  afterAll(() => db.close());
  return db;
}

export async function newWorkspace(db: Db, p: { limited?: boolean } = {}): Promise<string> {
  const workspace = await createWorkspace(db, { name: `test ${Math.random().toString(36).slice(2, 8)}`, limited: p.limited });
  return workspace.id;
}
