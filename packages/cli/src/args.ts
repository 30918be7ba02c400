import { parseArgs } from "node:util";
import { UsageError } from "./errors";

export const DEFAULT_WAIT_TIMEOUT_SECONDS = 60;

/** A parsed command line; `kind` names what to run. */
export type Command =
  | { kind: "help" }
  | { kind: "version" }
  | { kind: "flow-import"; file: string; json: boolean }
  | { kind: "flow-export"; id: string }
  | { kind: "flow-list"; json: boolean }
  | { kind: "flow-start"; id: string; wait: boolean; timeoutSeconds: number }
  | { kind: "flow-stop"; id: string; wait: boolean; timeoutSeconds: number }
  | { kind: "flow-suspend"; id: string; wait: boolean; timeoutSeconds: number }
  | { kind: "flow-resume"; id: string; wait: boolean; timeoutSeconds: number }
  | { kind: "flow-status"; id: string; json: boolean }
  | { kind: "flow-transitions"; id: string; json: boolean; limit: number | undefined };

type OptionName = "json" | "wait" | "timeout" | "limit";

interface FlowCommandSpec {
  /** positional arguments, in order, all required */
  args: readonly string[];
  options: readonly OptionName[];
  summary: string;
}

const OPTION_USAGE: Record<OptionName, string> = {
  json: "[--json]",
  wait: "[--wait]",
  timeout: "[--timeout <s>]",
  limit: "[--limit <n>]",
};

/** Every `interflow flow …` command: the usage text and the parser both come from this table. */
export const FLOW_COMMANDS = {
  import: { args: ["file"], options: ["json"], summary: "import a flow document (a JSON file) as a new flow" },
  export: { args: ["id"], options: [], summary: "print a flow's document as JSON" },
  list: { args: [], options: ["json"], summary: "list the workspace's flows" },
  start: { args: ["id"], options: ["wait", "timeout"], summary: "start a flow; --wait until it is running" },
  stop: { args: ["id"], options: ["wait", "timeout"], summary: "stop a flow; --wait until it has stopped" },
  suspend: { args: ["id"], options: ["wait", "timeout"], summary: "suspend a flow, keeping its messages; --wait until suspended" },
  resume: { args: ["id"], options: ["wait", "timeout"], summary: "resume a suspended flow; --wait until it is running" },
  status: { args: ["id"], options: ["json"], summary: "show a flow's state, steps and last transition" },
  transitions: { args: ["id"], options: ["limit", "json"], summary: "show a flow's state changes, newest first" },
} as const satisfies Record<string, FlowCommandSpec>;

export type FlowCommandName = keyof typeof FLOW_COMMANDS;

const FLOW_USAGE = `interflow flow <${Object.keys(FLOW_COMMANDS).join("|")}> … (see interflow --help)`;

export function flowCommandUsage(name: FlowCommandName): string {
  const spec: FlowCommandSpec = FLOW_COMMANDS[name];
  return ["interflow flow", name, ...spec.args.map((a) => `<${a}>`), ...spec.options.map((o) => OPTION_USAGE[o])].join(" ");
}

const isHelp = (arg: string | undefined) => arg === "--help" || arg === "-h" || arg === "help";

/** Turns argv (without `node` and the script) into a Command, or throws a UsageError. */
export function parseCommand(argv: readonly string[]): Command {
  const [first, second, ...rest] = argv;
  if (first === undefined || isHelp(first)) return { kind: "help" };
  if (first === "--version" || first === "-v" || first === "version") return { kind: "version" };
  if (first !== "flow") throw new UsageError(`unknown command "${first}"`, FLOW_USAGE);
  if (second === undefined) throw new UsageError("missing the flow command", FLOW_USAGE);
  if (isHelp(second)) return { kind: "help" };
  if (!Object.hasOwn(FLOW_COMMANDS, second)) throw new UsageError(`unknown command "flow ${second}"`, FLOW_USAGE);
  const name = second as FlowCommandName;
  if (rest.some((arg) => arg === "--help" || arg === "-h")) return { kind: "help" };
  return parseFlowCommand(name, rest);
}

interface ParsedLine {
  positionals: string[];
  options: Partial<Record<OptionName, string | true>>;
}

/** Splits the arguments of one flow command, allowing only the options it declares. */
function splitLine(name: FlowCommandName, args: readonly string[]): ParsedLine {
  const spec: FlowCommandSpec = FLOW_COMMANDS[name];
  const usage = flowCommandUsage(name);
  const { tokens } = parseArgs({
    args: [...args],
    strict: false,
    allowPositionals: true,
    tokens: true,
    options: { json: { type: "boolean" }, wait: { type: "boolean" }, timeout: { type: "string" }, limit: { type: "string" } },
  });
  const line: ParsedLine = { positionals: [], options: {} };
  for (const token of tokens) {
    if (token.kind === "positional") line.positionals.push(token.value);
    if (token.kind !== "option") continue;
    const option = spec.options.find((o) => o === token.name);
    if (!option) throw new UsageError(`unknown option "${token.rawName}" for "flow ${name}"`, usage);
    if (option === "json" || option === "wait") {
      if (token.inlineValue) throw new UsageError(`${token.rawName} takes no value`, usage);
      line.options[option] = true;
    } else {
      if (token.value === undefined || (!token.inlineValue && token.value.startsWith("-"))) {
        throw new UsageError(`${token.rawName} needs a value`, usage);
      }
      line.options[option] = token.value;
    }
  }
  const missing = spec.args[line.positionals.length];
  if (missing) throw new UsageError(`missing <${missing}>`, usage);
  const extra = line.positionals[spec.args.length];
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`, usage);
  return line;
}

function positiveNumber(raw: string | true | undefined, what: string, usage: string, integer: boolean): number | undefined {
  if (raw === undefined || raw === true) return undefined;
  const value = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new UsageError(`${what} must be a positive ${integer ? "whole number" : "number"} (got "${raw}")`, usage);
  }
  return value;
}

function parseFlowCommand(name: FlowCommandName, args: readonly string[]): Command {
  const usage = flowCommandUsage(name);
  const { positionals, options } = splitLine(name, args);
  const first = positionals[0] ?? "";
  const json = options.json === true;
  switch (name) {
    case "import":
      return { kind: "flow-import", file: first, json };
    case "export":
      return { kind: "flow-export", id: first };
    case "list":
      return { kind: "flow-list", json };
    case "start":
    case "stop":
    case "suspend":
    case "resume": {
      const timeout = positiveNumber(options.timeout, "--timeout", usage, false);
      if (timeout !== undefined && options.wait !== true) throw new UsageError("--timeout only applies with --wait", usage);
      const timeoutSeconds = timeout ?? DEFAULT_WAIT_TIMEOUT_SECONDS;
      return { kind: `flow-${name}`, id: first, wait: options.wait === true, timeoutSeconds };
    }
    case "status":
      return { kind: "flow-status", id: first, json };
    case "transitions":
      return { kind: "flow-transitions", id: first, json, limit: positiveNumber(options.limit, "--limit", usage, true) };
  }
}
