import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { newWorkspace, useTestDb } from "../testing/test-db";
import { listAudit, recordAudit } from "./audit";

const db = useTestDb();

/** An entry at an exact instant, to the microsecond (a JS Date has only milliseconds). */
async function entryAt(workspaceId: string, target: string, at: string): Promise<void> {
  await db.prisma.$executeRaw`INSERT INTO "AuditEntry" (id, "workspaceId", actor, action, target, at) VALUES (${randomUUID()}, ${workspaceId}, 'test', 'flow.import', ${target}, ${at}::timestamptz)`;
}

async function everyPage(workspaceId: string, limit: number): Promise<string[]> {
  const seen: string[] = [];
  let before: string | undefined;
  for (let page = 0; page < 50; page++) {
    const entries = await listAudit(db, { workspaceId, limit, before });
    if (entries.length === 0) return seen;
    seen.push(...entries.map((e) => e.target));
    before = entries.at(-1)?.id;
  }
  throw new Error("paging did not end");
}

describe("audit trail", () => {
  it("is read newest first, page by page, each entry once", async () => {
    const workspaceId = await newWorkspace(db);
    for (const target of ["first", "second", "third", "fourth", "fifth"]) await recordAudit(db, { workspaceId, actor: "a@example.test", action: "flow.import", target });
    expect((await listAudit(db, { workspaceId, limit: 50 })).map((e) => e.target)).toEqual(["fifth", "fourth", "third", "second", "first"]);
    expect(await everyPage(workspaceId, 2)).toEqual(["fifth", "fourth", "third", "second", "first"]);
  });

  it("pages through entries that share an instant or a millisecond without skipping or repeating any", async () => {
    const workspaceId = await newWorkspace(db);
    await entryAt(workspaceId, "newest", "2026-03-01T10:00:00.124000Z");
    await entryAt(workspaceId, "same ms, later µs", "2026-03-01T10:00:00.123900Z");
    await entryAt(workspaceId, "same instant 1", "2026-03-01T10:00:00.123500Z");
    await entryAt(workspaceId, "same instant 2", "2026-03-01T10:00:00.123500Z");
    await entryAt(workspaceId, "same ms, earlier µs", "2026-03-01T10:00:00.123100Z");
    await entryAt(workspaceId, "oldest", "2026-03-01T10:00:00.122000Z");
    for (const limit of [1, 2, 3]) {
      const seen = await everyPage(workspaceId, limit);
      expect(seen, `pages of ${limit}`).toHaveLength(6);
      expect(new Set(seen).size).toBe(6);
      expect(seen[0]).toBe("newest");
      expect(seen.slice(1, 3)).toEqual(["same ms, later µs", expect.stringMatching(/^same instant/)]);
      expect(seen.slice(4)).toEqual(["same ms, earlier µs", "oldest"]);
    }
  });

  it("never lists another workspace's entries, and has nothing before an entry of another workspace", async () => {
    const mine = await newWorkspace(db);
    const theirs = await newWorkspace(db);
    await recordAudit(db, [
      { workspaceId: mine, actor: "me", action: "flow.start", target: "mine" },
      { workspaceId: theirs, actor: "them", action: "flow.start", target: "theirs" },
    ]);
    const [their] = await listAudit(db, { workspaceId: theirs, limit: 10 });
    expect((await listAudit(db, { workspaceId: mine, limit: 10 })).map((e) => e.target)).toEqual(["mine"]);
    expect(await listAudit(db, { workspaceId: mine, limit: 10, before: their?.id })).toEqual([]);
    expect(await listAudit(db, { workspaceId: mine, limit: 10, before: "not-an-entry" })).toEqual([]);
  });
});
