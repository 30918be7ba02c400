import { describe, expect, it } from "vitest";
import { flowCommandUsage, parseCommand } from "./args";
import { UsageError } from "./errors";

function usageError(argv: string[]): string {
  try {
    parseCommand(argv);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error(`expected a usage error for: ${argv.join(" ")}`);
}

describe("parseCommand", () => {
  it("reads every flow command with its arguments and options", () => {
    expect(parseCommand(["flow", "import", "a.json"])).toEqual({ kind: "flow-import", file: "a.json", json: false, bindings: {} });
    expect(parseCommand(["flow", "import", "--json", "a.json"])).toEqual({ kind: "flow-import", file: "a.json", json: true, bindings: {} });
    expect(parseCommand(["flow", "export", "f1"])).toEqual({ kind: "flow-export", id: "f1" });
    expect(parseCommand(["flow", "list", "--json"])).toEqual({ kind: "flow-list", json: true });
    expect(parseCommand(["flow", "status", "f1", "--json"])).toEqual({ kind: "flow-status", id: "f1", json: true });
    expect(parseCommand(["flow", "transitions", "f1", "--limit", "5"])).toEqual({ kind: "flow-transitions", id: "f1", json: false, limit: 5 });
    expect(parseCommand(["flow", "logs", "f1", "--step", "deliver", "--follow"])).toEqual({ kind: "flow-logs", id: "f1", json: false, limit: undefined, stepId: "deliver", follow: true });
    expect(parseCommand(["flow", "scale", "f1", "deliver", "3"])).toEqual({ kind: "flow-scale", id: "f1", stepId: "deliver", replicas: 3, json: false });
    expect(usageError(["flow", "scale", "f1", "deliver", "11"])).toMatch(/^<replicas> must be a whole number from 1 to 10 \(got "11"\); usage: interflow flow scale <id> <step> <replicas>/);
  });

  it("gives start and stop a 60 s wait by default and takes --timeout in seconds", () => {
    expect(parseCommand(["flow", "start", "f1"])).toEqual({ kind: "flow-start", id: "f1", wait: false, timeoutSeconds: 60 });
    expect(parseCommand(["flow", "stop", "f1", "--wait", "--timeout=1.5"])).toEqual({ kind: "flow-stop", id: "f1", wait: true, timeoutSeconds: 1.5 });
    expect(parseCommand(["flow", "suspend", "f1", "--wait"])).toEqual({ kind: "flow-suspend", id: "f1", wait: true, timeoutSeconds: 60 });
    expect(parseCommand(["flow", "resume", "f1"])).toEqual({ kind: "flow-resume", id: "f1", wait: false, timeoutSeconds: 60 });
    expect(parseCommand(["flow", "start", "--timeout", "2", "--wait", "f1"])).toEqual({ kind: "flow-start", id: "f1", wait: true, timeoutSeconds: 2 });
  });

  it("answers help and version however they are asked for", () => {
    for (const argv of [[], ["help"], ["--help"], ["-h"]]) expect(parseCommand(argv)).toEqual({ kind: "help" });
    expect(parseCommand(["flow", "--help"])).toEqual({ kind: "help", group: "flow" });
    expect(parseCommand(["flow", "start", "f1", "--help"])).toEqual({ kind: "help", group: "flow", command: "start" });
    expect(parseCommand(["--version"])).toEqual({ kind: "version" });
  });

  it("refuses unknown commands and options, naming the usage", () => {
    expect(usageError(["deploy"])).toBe('unknown command "deploy"; usage: interflow <flow|execution|credential|component> <command> … (see interflow --help)');
    expect(usageError(["flow", "launch", "f1"])).toMatch(/^unknown command "flow launch"; usage: interflow flow </);
    expect(usageError(["flow"])).toBe(
      "missing the flow command; usage: interflow flow <import|export|list|start|stop|suspend|resume|status|transitions|scale|run|test|snapshot|logs|executions|failed|retry|discard|replay> … (see interflow --help)",
    );
    expect(usageError(["execution"])).toBe("missing the execution command; usage: interflow execution <show> … (see interflow --help)");
    expect(usageError(["credential", "show", "c1"])).toBe('unknown command "credential show"; usage: interflow credential <create|list|verify|delete> … (see interflow --help)');
    expect(usageError(["flow", "list", "--jsn"])).toBe('unknown option "--jsn" for "flow list"; usage: interflow flow list [--json]');
    expect(usageError(["flow", "export", "f1", "--json"])).toBe('unknown option "--json" for "flow export"; usage: interflow flow export <id>');
  });

  it("refuses missing, extra and malformed arguments", () => {
    expect(usageError(["flow", "import"])).toBe("missing <file>; usage: interflow flow import <file> [--bind <step>=<credential id>]… [--json]");
    expect(usageError(["flow", "status", "a", "b"])).toBe('unexpected argument "b"; usage: interflow flow status <id> [--json]');
    expect(usageError(["flow", "start", "f1", "--wait", "--timeout"])).toMatch(/^--timeout needs a value; usage: interflow flow start <id> \[--wait\] \[--timeout <s>\]$/);
    expect(usageError(["flow", "start", "f1", "--timeout", "--wait"])).toMatch(/^--timeout needs a value;/);
    expect(usageError(["flow", "start", "f1", "--wait", "--timeout", "soon"])).toMatch(/^--timeout must be a positive number \(got "soon"\);/);
    expect(usageError(["flow", "start", "f1", "--wait", "--timeout", "0"])).toMatch(/^--timeout must be a positive number/);
    expect(usageError(["flow", "start", "f1", "--timeout", "5"])).toMatch(/^--timeout only applies with --wait;/);
    expect(usageError(["flow", "list", "--json=yes"])).toMatch(/^--json takes no value;/);
    expect(usageError(["flow", "transitions", "f1", "--limit", "2.5"])).toMatch(/^--limit must be a positive whole number/);
  });

  it("reads flow import's bindings, refusing one that is not <step>=<credential id>", () => {
    expect(parseCommand(["flow", "import", "a.json", "--bind", "send=c-1", "--bind=notify=c-2"])).toEqual({
      kind: "flow-import",
      file: "a.json",
      json: false,
      bindings: { send: "c-1", notify: "c-2" },
    });
    expect(usageError(["flow", "import", "a.json", "--bind", "send"])).toMatch(/^--bind: the 1st --bind is not <key>=<value>; usage: interflow flow import /);
    expect(usageError(["flow", "import", "a.json", "--bind", "send=c-1", "--bind", "send=c-2"])).toMatch(/^--bind send: given twice;/);
    expect(usageError(["flow", "import", "a.json", "--bind"])).toMatch(/^--bind needs a value;/);
  });

  it("reads every credential command", () => {
    expect(parseCommand(["credential", "create", "--component", "http", "--name", "CRM", "--auth", "basic", "--set", "username=ada", "--set", "password=a=b", "--json"])).toEqual({
      kind: "credential-create",
      component: "http",
      name: "CRM",
      authKind: "basic",
      set: { username: "ada", password: "a=b" },
      secret: {},
      json: true,
    });
    expect(parseCommand(["credential", "create", "--name=CRM", "--component=webhook", "--secret", "token=t"])).toEqual({
      kind: "credential-create",
      component: "webhook",
      name: "CRM",
      authKind: undefined,
      set: {},
      secret: { token: "t" },
      json: false,
    });
    expect(parseCommand(["credential", "list", "--json"])).toEqual({ kind: "credential-list", json: true });
    expect(parseCommand(["credential", "verify", "c1"])).toEqual({ kind: "credential-verify", id: "c1", json: false });
    expect(parseCommand(["credential", "delete", "c1"])).toEqual({ kind: "credential-delete", id: "c1" });
  });

  it("refuses a credential command line naming the option or field at fault, never a value", () => {
    const usage = "interflow credential create --component <c> --name <n> [--auth <kind>] [--set <key>=<value>]… [--secret <key>=<value>]… [--json]";
    expect(usageError(["credential", "create", "--name", "CRM"])).toBe(`missing --component <c>; usage: ${usage}`);
    expect(usageError(["credential", "create", "--component", "http", "--name", " "])).toBe(`missing --name <n>; usage: ${usage}`);
    expect(usageError(["credential", "create", "--component", "http", "--name", "a", "--name", "b"])).toMatch(/^--name given twice;/);
    const refusals = [
      usageError(["credential", "create", "--component", "http", "--name", "CRM", "--secret", "sk_live_do-not-echo"]),
      usageError(["credential", "create", "--component", "http", "--name", "CRM", "--set", "a=1", "--set", "=sk_live_do-not-echo"]),
      usageError(["credential", "create", "--component", "http", "--name", "CRM", "--set", "token=x", "--secret", "token=sk_live_do-not-echo"]),
    ];
    expect(refusals.map((r) => r.split(";")[0])).toEqual(["--secret: the 1st --secret is not <key>=<value>", '--set: the 2nd --set has no key before "="', "--secret token: also given with --set"]);
    expect(refusals.join(" ")).not.toContain("sk_live_do-not-echo");
    expect(usageError(["credential", "verify"])).toBe("missing <id>; usage: interflow credential verify <id> [--json]");
    expect(usageError(["credential", "delete", "c1", "--json"])).toBe('unknown option "--json" for "credential delete"; usage: interflow credential delete <id>');
  });

  it("reads flow executions and flow failed with their filters", () => {
    expect(parseCommand(["flow", "executions", "f1"])).toEqual({ kind: "flow-executions", id: "f1", json: false, status: [], stepId: undefined, limit: undefined });
    expect(parseCommand(["flow", "executions", "f1", "--status", "failed", "--status=dropped", "--status", "failed", "--step", "send", "--limit", "20", "--json"])).toEqual({
      kind: "flow-executions",
      id: "f1",
      json: true,
      status: ["failed", "dropped"],
      stepId: "send",
      limit: 20,
    });
    expect(parseCommand(["flow", "failed", "f1", "--step", " send ", "--limit=5", "--json"])).toEqual({ kind: "flow-failed", id: "f1", json: true, stepId: "send", limit: 5 });
    expect(parseCommand(["flow", "failed", "f1"])).toEqual({ kind: "flow-failed", id: "f1", json: false, stepId: undefined, limit: undefined });
  });

  it("refuses a wrong flow executions or flow failed line in one line naming what is wrong", () => {
    expect(usageError(["flow", "executions", "f1", "--status", "broken"])).toBe(
      '--status must be one of running, retrying, ok, failed, dropped (got "broken"); usage: interflow flow executions <id> [--status <s>]… [--step <step>] [--limit <n>] [--json]',
    );
    expect(usageError(["flow", "executions", "f1", "--status"])).toMatch(/^--status needs a value;/);
    expect(usageError(["flow", "executions"])).toMatch(/^missing <id>; usage: interflow flow executions /);
    expect(usageError(["flow", "executions", "f1", "--limit", "0"])).toMatch(/^--limit must be a positive whole number \(got "0"\);/);
    expect(usageError(["flow", "executions", "f1", "--step", "a", "--step", "b"])).toMatch(/^--step given twice;/);
    expect(usageError(["flow", "failed", "f1", "--status", "failed"])).toBe('unknown option "--status" for "flow failed"; usage: interflow flow failed <id> [--step <step>] [--limit <n>] [--json]');
    expect(usageError(["flow", "failed", "f1", "f2"])).toMatch(/^unexpected argument "f2";/);
  });

  it("reads flow retry and flow discard: all failed messages or the named ones", () => {
    expect(parseCommand(["flow", "retry", "f1", "--all"])).toEqual({ kind: "flow-retry", id: "f1", pick: { all: true }, fromStep: undefined, version: undefined, restore: false, body: undefined });
    expect(parseCommand(["flow", "retry", "f1", "--message", "m1", "--message=m2", "--message", "m1", "--from-step", "shape", "--version", "3"])).toEqual({
      kind: "flow-retry",
      id: "f1",
      pick: { messages: ["m1", "m2"] },
      fromStep: "shape",
      version: 3,
      restore: false,
      body: undefined,
    });
    expect(parseCommand(["flow", "retry", "f1", "--all", "--version", "2", "--restore"])).toMatchObject({ version: 2, restore: true });
    expect(parseCommand(["flow", "retry", "f1", "--message", "m1", "--body", '{"order":{"id":7},"note":"fixed"}'])).toMatchObject({ body: { order: { id: 7 }, note: "fixed" } });
    // any JSON value is a body, null too
    expect(parseCommand(["flow", "retry", "f1", "--message", "m1", "--body", "null"])).toMatchObject({ body: null });
    expect(parseCommand(["flow", "discard", "f1", "--all"])).toEqual({ kind: "flow-discard", id: "f1", pick: { all: true } });
    expect(parseCommand(["flow", "discard", "f1", "--message", "m1"])).toEqual({ kind: "flow-discard", id: "f1", pick: { messages: ["m1"] } });
  });

  it("refuses a retry or discard naming neither --all nor --message, or both, in one line naming them", () => {
    const retryUsage = "interflow flow retry <id> (--all | --message <mid>…) [--from-step <step>] [--version <n>] [--restore] [--body <json>]";
    expect(usageError(["flow", "retry", "f1"])).toBe(`missing --all or --message <mid>; usage: ${retryUsage}`);
    expect(usageError(["flow", "retry", "f1", "--all", "--message", "m1"])).toBe(`--all and --message given together: give one of them; usage: ${retryUsage}`);
    expect(usageError(["flow", "discard", "f1"])).toBe("missing --all or --message <mid>; usage: interflow flow discard <id> (--all | --message <mid>…)");
    expect(usageError(["flow", "discard", "f1", "--all", "--body", "{}"])).toMatch(/^unknown option "--body" for "flow discard";/);
    expect(usageError(["flow", "retry", "f1", "--all=yes"])).toMatch(/^--all takes no value;/);
    expect(usageError(["flow", "retry", "f1", "--message", " "])).toMatch(/^--message needs a value;/);
    expect(usageError(["flow", "retry", "f1", "--message"])).toMatch(/^--message needs a value;/);
    expect(usageError(["flow", "retry", "f1", "--all", "--version", "v2"])).toMatch(/^--version must be a positive whole number \(got "v2"\);/);
    expect(usageError(["flow", "retry", "f1", "--all", "--from-step"])).toMatch(/^--from-step needs a value;/);
    expect(usageError(["flow", "retry", "f1", "--all", "--restore"])).toMatch(/^--restore needs --version <n>: the version to make current again;/);
  });

  it("refuses a --body that is not JSON, or not for exactly one message", () => {
    const notJson = usageError(["flow", "retry", "f1", "--message", "m1", "--body", "{order: 7}"]);
    expect(notJson).toMatch(/^--body is not valid JSON: [^\n]+; usage: interflow flow retry /);
    expect(usageError(["flow", "retry", "f1", "--all", "--body", "{}"])).toMatch(/^--body edits the body of one message: give exactly one --message <mid> with it;/);
    expect(usageError(["flow", "retry", "f1", "--message", "m1", "--message", "m2", "--body", "{}"])).toMatch(/^--body edits the body of one message/);
  });

  it("reads flow replay's time range, statuses and step", () => {
    expect(parseCommand(["flow", "replay", "f1", "--from", "2026-12-06T10:00:00Z", "--to", "2026-12-06T11:00:00.000Z"])).toEqual({
      kind: "flow-replay",
      id: "f1",
      from: "2026-12-06T10:00:00.000Z",
      to: "2026-12-06T11:00:00.000Z",
      status: [],
      fromStep: undefined,
      version: undefined,
      restore: false,
      limit: undefined,
    });
    // an offset is turned into UTC, as the API takes it
    expect(parseCommand(["flow", "replay", "f1", "--from=2026-12-06T10:00:00+02:00", "--to=2026-12-06T10:30Z", "--status", "failed", "--from-step", "send", "--version", "2", "--limit", "5000"])).toEqual({
      kind: "flow-replay",
      id: "f1",
      from: "2026-12-06T08:00:00.000Z",
      to: "2026-12-06T10:30:00.000Z",
      status: ["failed"],
      fromStep: "send",
      version: 2,
      restore: false,
      limit: 5000,
    });
  });

  it("refuses a flow replay line without its range, or with a wrong one", () => {
    const usage = "interflow flow replay <id> --from <iso time> --to <iso time> [--status <s>]… [--from-step <step>] [--version <n>] [--restore] [--limit <n>]";
    expect(usageError(["flow", "replay", "f1", "--to", "2026-12-06T10:00:00Z"])).toBe(`missing --from <iso time>; usage: ${usage}`);
    expect(usageError(["flow", "replay", "f1", "--from", "2026-12-06T10:00:00Z"])).toBe(`missing --to <iso time>; usage: ${usage}`);
    expect(usageError(["flow", "replay", "f1", "--from", "yesterday", "--to", "2026-12-06T10:00:00Z"])).toBe(
      `--from must be an ISO date-time, e.g. 2026-12-06T10:00:00Z (got "yesterday"); usage: ${usage}`,
    );
    expect(usageError(["flow", "replay", "f1", "--from", "2026-12-06T10:00:00Z", "--to", "2026-13-45T10:00:00Z"])).toMatch(/^--to must be an ISO date-time/);
    expect(usageError(["flow", "replay", "f1", "--from", "2026-12-06T10:00:00Z", "--to", "2026-12-06T09:00:00Z"])).toBe(
      `--to must be after --from (got 2026-12-06T10:00:00.000Z to 2026-12-06T09:00:00.000Z); usage: ${usage}`,
    );
    expect(usageError(["flow", "replay", "f1", "--from", "2026-12-06T10:00:00Z", "--to", "2026-12-06T11:00:00Z", "--status", "retried"])).toMatch(/^--status must be one of running, retrying, ok, failed, dropped \(got "retried"\);/);
    expect(usageError(["flow", "replay", "f1", "--from", "2026-12-06T10:00:00Z", "--to", "2026-12-06T11:00:00Z", "--all"])).toMatch(/^unknown option "--all" for "flow replay";/);
  });

  it("reads execution show, and refuses a wrong execution command line", () => {
    expect(parseCommand(["execution", "show", "x1"])).toEqual({ kind: "execution-show", id: "x1", json: false });
    expect(parseCommand(["execution", "show", "x1", "--json"])).toEqual({ kind: "execution-show", id: "x1", json: true });
    expect(usageError(["execution", "show"])).toBe("missing <id>; usage: interflow execution show <id> [--json]");
    expect(usageError(["execution", "list"])).toBe('unknown command "execution list"; usage: interflow execution <show> … (see interflow --help)');
    expect(usageError(["execution", "show", "x1", "--limit", "2"])).toBe('unknown option "--limit" for "execution show"; usage: interflow execution show <id> [--json]');
    expect(parseCommand(["execution", "--help"])).toEqual({ kind: "help", group: "execution" });
  });

  it("accepts an argument that looks like an option after --", () => {
    expect(parseCommand(["flow", "import", "--", "-odd.json"])).toEqual({ kind: "flow-import", file: "-odd.json", json: false, bindings: {} });
  });

  it("writes each command's usage from the command table", () => {
    expect(flowCommandUsage("start")).toBe("interflow flow start <id> [--wait] [--timeout <s>]");
    expect(flowCommandUsage("transitions")).toBe("interflow flow transitions <id> [--limit <n>] [--json]");
  });
});
