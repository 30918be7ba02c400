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
    expect(parseCommand(["flow", "import", "a.json"])).toEqual({ kind: "flow-import", file: "a.json", json: false });
    expect(parseCommand(["flow", "import", "--json", "a.json"])).toEqual({ kind: "flow-import", file: "a.json", json: true });
    expect(parseCommand(["flow", "export", "f1"])).toEqual({ kind: "flow-export", id: "f1" });
    expect(parseCommand(["flow", "list", "--json"])).toEqual({ kind: "flow-list", json: true });
    expect(parseCommand(["flow", "status", "f1", "--json"])).toEqual({ kind: "flow-status", id: "f1", json: true });
    expect(parseCommand(["flow", "transitions", "f1", "--limit", "5"])).toEqual({ kind: "flow-transitions", id: "f1", json: false, limit: 5 });
  });

  it("gives start and stop a 60 s wait by default and takes --timeout in seconds", () => {
    expect(parseCommand(["flow", "start", "f1"])).toEqual({ kind: "flow-start", id: "f1", wait: false, timeoutSeconds: 60 });
    expect(parseCommand(["flow", "stop", "f1", "--wait", "--timeout=1.5"])).toEqual({ kind: "flow-stop", id: "f1", wait: true, timeoutSeconds: 1.5 });
    expect(parseCommand(["flow", "suspend", "f1", "--wait"])).toEqual({ kind: "flow-suspend", id: "f1", wait: true, timeoutSeconds: 60 });
    expect(parseCommand(["flow", "resume", "f1"])).toEqual({ kind: "flow-resume", id: "f1", wait: false, timeoutSeconds: 60 });
    expect(parseCommand(["flow", "start", "--timeout", "2", "--wait", "f1"])).toEqual({ kind: "flow-start", id: "f1", wait: true, timeoutSeconds: 2 });
  });

  it("answers help and version however they are asked for", () => {
    for (const argv of [[], ["help"], ["--help"], ["-h"], ["flow", "--help"], ["flow", "start", "f1", "--help"]]) {
      expect(parseCommand(argv)).toEqual({ kind: "help" });
    }
    expect(parseCommand(["--version"])).toEqual({ kind: "version" });
  });

  it("refuses unknown commands and options, naming the usage", () => {
    expect(usageError(["deploy"])).toBe('unknown command "deploy"; usage: interflow flow <import|export|list|start|stop|suspend|resume|status|transitions> … (see interflow --help)');
    expect(usageError(["flow", "launch", "f1"])).toMatch(/^unknown command "flow launch"; usage: interflow flow </);
    expect(usageError(["flow"])).toMatch(/^missing the flow command; usage: /);
    expect(usageError(["flow", "list", "--jsn"])).toBe('unknown option "--jsn" for "flow list"; usage: interflow flow list [--json]');
    expect(usageError(["flow", "export", "f1", "--json"])).toBe('unknown option "--json" for "flow export"; usage: interflow flow export <id>');
  });

  it("refuses missing, extra and malformed arguments", () => {
    expect(usageError(["flow", "import"])).toBe("missing <file>; usage: interflow flow import <file> [--json]");
    expect(usageError(["flow", "status", "a", "b"])).toBe('unexpected argument "b"; usage: interflow flow status <id> [--json]');
    expect(usageError(["flow", "start", "f1", "--wait", "--timeout"])).toMatch(/^--timeout needs a value; usage: interflow flow start <id> \[--wait\] \[--timeout <s>\]$/);
    expect(usageError(["flow", "start", "f1", "--timeout", "--wait"])).toMatch(/^--timeout needs a value;/);
    expect(usageError(["flow", "start", "f1", "--wait", "--timeout", "soon"])).toMatch(/^--timeout must be a positive number \(got "soon"\);/);
    expect(usageError(["flow", "start", "f1", "--wait", "--timeout", "0"])).toMatch(/^--timeout must be a positive number/);
    expect(usageError(["flow", "start", "f1", "--timeout", "5"])).toMatch(/^--timeout only applies with --wait;/);
    expect(usageError(["flow", "list", "--json=yes"])).toMatch(/^--json takes no value;/);
    expect(usageError(["flow", "transitions", "f1", "--limit", "2.5"])).toMatch(/^--limit must be a positive whole number/);
  });

  it("accepts an argument that looks like an option after --", () => {
    expect(parseCommand(["flow", "import", "--", "-odd.json"])).toEqual({ kind: "flow-import", file: "-odd.json", json: false });
  });

  it("writes each command's usage from the command table", () => {
    expect(flowCommandUsage("start")).toBe("interflow flow start <id> [--wait] [--timeout <s>]");
    expect(flowCommandUsage("transitions")).toBe("interflow flow transitions <id> [--limit <n>] [--json]");
  });
});
