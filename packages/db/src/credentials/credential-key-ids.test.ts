import { describe, expect, it } from "vitest";
import { newWorkspace, useTestDb } from "../testing/test-db";
import { countCredentialsByKey } from "./credential-key-ids";
import { createCredential } from "./create-credential";
import { generateEncryptionKey, parseEncryptionKey } from "./encryption-key";

const db = useTestDb();

describe("countCredentialsByKey", () => {
  it("counts the credentials sealed with each key, across workspaces", async () => {
    const [a, b] = [parseEncryptionKey(generateEncryptionKey()), parseEncryptionKey(generateEncryptionKey())];
    const before = await countCredentialsByKey(db);
    const credential = (workspaceId: string, key: typeof a, name: string) =>
      createCredential(db, { workspaceId, key, name, component: "http", authKind: "bearer", values: {}, secrets: { token: "t" }, createdBy: "test" });
    const [one, two] = [await newWorkspace(db), await newWorkspace(db)];
    await credential(one, a, "x");
    await credential(two, a, "x");
    await credential(two, b, "y");
    const after = await countCredentialsByKey(db);
    expect(after[a.id]).toBe(2);
    expect(after[b.id]).toBe(1);
    expect(Object.keys(after).filter((id) => !(id in before) && id !== a.id && id !== b.id)).toEqual([]);
  });
});
