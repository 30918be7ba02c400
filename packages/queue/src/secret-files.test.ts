import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadSecretFiles } from "./secret-files";

const dir = mkdtempSync(path.join(tmpdir(), "interflow-secret-files-"));
const file = (name: string, content: string) => {
  const at = path.join(dir, name);
  writeFileSync(at, content, { mode: 0o600 });
  return at;
};

describe("secret settings given as files (<NAME>_FILE)", () => {
  it("sets each from its file, without the trailing newline; other variables untouched", () => {
    const env: Record<string, string | undefined> = {
      DATABASE_URL_FILE: file("database-url", "postgres://interflow:pw-123@postgres:5432/interflow\n"),
      INTERFLOW_WEBHOOK_KEY_FILE: file("webhook-key", "a-key-without-newline"),
      LOG_LEVEL: "info",
      // not a secret setting: left as it is
      PORT_FILE: file("port", "3000"),
    };
    expect(loadSecretFiles(env)).toEqual(["DATABASE_URL", "INTERFLOW_WEBHOOK_KEY"]);
    expect(env.DATABASE_URL).toBe("postgres://interflow:pw-123@postgres:5432/interflow");
    expect(env.INTERFLOW_WEBHOOK_KEY).toBe("a-key-without-newline");
    expect(env.PORT).toBeUndefined();
  });

  it("refuses both forms at once, a missing file and an empty one, each in one line naming the variable", () => {
    expect(() => loadSecretFiles({ REDIS_URL: "redis://x", REDIS_URL_FILE: file("redis-url", "redis://y") })).toThrow("REDIS_URL and REDIS_URL_FILE are both set: give the value one way");
    expect(() => loadSecretFiles({ BETTER_AUTH_SECRET_FILE: path.join(dir, "missing") })).toThrow(`BETTER_AUTH_SECRET_FILE: ${path.join(dir, "missing")} cannot be read (ENOENT)`);
    expect(() => loadSecretFiles({ INTERFLOW_SETUP_TOKEN_FILE: file("empty", "\n") })).toThrow(/^INTERFLOW_SETUP_TOKEN_FILE: .*empty is empty$/);
  });
});
