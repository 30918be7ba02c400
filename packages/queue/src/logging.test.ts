// The platform's logger in a process of its own (it writes to fd 1): levels, secret fields by name,
// secret values wherever they appear — in its lines, in a component's console.log and in a stack.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { environmentSecrets } from "./logging";

const script = `
import { createPlatformLogger, rememberSecrets } from "./src/logging.ts";
const log = createPlatformLogger({ service: "test", fields: { flowId: "f1" } });
rememberSecrets(["sk_live_0123456789", "short", "pa\\"ss\\"word-1", "abcdef123", "abcdef123456"]);
log.debug("not at info");
log.info("signed in", { user: "ada", password: "hunter22", nested: { apiKey: "abc", list: [{ token: "t0k3n" }] }, empty: "" });
log.warn("the API answered: invalid key sk_live_0123456789 for ada");
log.error("failed", { error: new Error("boom with sk_live_0123456789") });
console.log("a component printed sk_live_0123456789 and short");
console.log("key abcdef123456 and abcdef123");
log.info("deep", { a: { b: { c: { d: { e: { f: { g: { h: { token: "x" } } } } } } } } });
process.stderr.write('quoted: "pa\\\\"ss\\\\"word-1"\\n');
`;

function run(env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: path.resolve(import.meta.dirname, ".."),
    env: { ...process.env, LOG_LEVEL: "", ...env },
    encoding: "utf8",
  });
  return { lines: result.stdout.trim().split("\n"), stderr: result.stderr };
}

describe("the platform logger", () => {
  it("writes JSON lines at the level asked for, with secret fields and known secret values redacted everywhere", () => {
    const { lines, stderr } = run();
    const json = lines.slice(0, 3).map((l) => JSON.parse(l));
    expect(json[0]).toMatchObject({ level: "info", service: "test", flowId: "f1", msg: "signed in", user: "ada", password: "[redacted]", nested: { apiKey: "[redacted]", list: [{ token: "[redacted]" }] }, empty: "" });
    expect(json[0].time).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(json[1]).toMatchObject({ level: "warn", msg: "the API answered: invalid key [redacted] for ada" });
    expect(json[2]).toMatchObject({ level: "error", msg: "failed", error: { type: "Error", message: "boom with [redacted]" } });
    expect(json[2].error.stack).toMatch(/^Error: boom with \[redacted\]\n\s+at /);
    // what others print in the process, too; a value too short to tell from ordinary text is left
    expect(lines[3]).toBe("a component printed [redacted] and short");
    // a secret inside a longer one takes none of the longer one with it
    expect(lines[4]).toBe("key [redacted] and [redacted]");
    // deeper than the logger looks: not written at all
    expect(JSON.stringify(JSON.parse(lines[5] as string))).toContain('"g":"[too deep]"');
    expect(stderr).toBe('quoted: "[redacted]"\n');
    expect(lines.join("\n")).not.toContain("sk_live_0123456789");
    expect(lines.some((l) => l.includes("not at info"))).toBe(false);
  });

  it("takes its level from LOG_LEVEL", () => {
    expect(run({ LOG_LEVEL: "debug" }).lines[0]).toContain('"msg":"not at info"');
    expect(run({ LOG_LEVEL: "error" }).lines.filter((l) => l.startsWith("{")).map((l) => JSON.parse(l).level)).toEqual(["error"]);
  });
});

describe("the secrets a process is given", () => {
  it("are the values of secret-named variables and the passwords in connection URLs", () => {
    const found = environmentSecrets({
      DATABASE_URL: "postgres://postgres:pg%2Fpass-0123456@127.0.0.1:5432/interflow",
      REDIS_URL: "redis://:redis-pass-0123456@127.0.0.1:6379",
      INTERFLOW_GATEWAY_URL: "http://localhost:3001",
      BETTER_AUTH_SECRET: "auth-secret-value",
      INTERFLOW_ENCRYPTION_KEY: "6a0f3c1e9b7d",
      // a password short enough to be a word would blank the word everywhere
      COMPOSE_DATABASE_URL: "postgres://interflow:interflow@postgres:5432/interflow",
      SHORT_SECRET: "hunter2",
      INTERFLOW_TOKEN: "if_token_value_0",
      LOG_LEVEL: "debug",
      npm_config_cache_token: "not ours",
      BROKEN_URL: "::not a url@",
    });
    expect(found.sort()).toEqual(["6a0f3c1e9b7d", "auth-secret-value", "if_token_value_0", "pg%2Fpass-0123456", "pg/pass-0123456", "redis-pass-0123456"]);
  });
});

describe("the secrets a process remembers", () => {
  it("keeps its own (pinned) however many others come and go, and forgets every form of an old one together", () => {
    const script = `
import { rememberSecrets, redactValues } from "./src/logging.ts";
rememberSecrets(["platform-secret-0001"], { pinned: true });
rememberSecrets(['old "quoted" key-1']);
for (let i = 0; i < 2500; i++) rememberSecrets([\`step-key-\${String(i).padStart(6, "0")}\`]);
console.log(JSON.stringify({
  pinned: redactValues("platform-secret-0001"),
  recent: redactValues("step-key-002499"),
  old: redactValues('old "quoted" key-1'),
  oldEscaped: redactValues('old \\\\"quoted\\\\" key-1'),
}));
`;
    const result = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: path.resolve(import.meta.dirname, ".."), encoding: "utf8" });
    expect(JSON.parse(result.stdout)).toEqual({ pinned: "[redacted]", recent: "[redacted]", old: 'old "quoted" key-1', oldEscaped: 'old \\"quoted\\" key-1' });
  });
});
