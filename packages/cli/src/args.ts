import { COMMAND_GROUPS, type CommandGroup, type CommandName, commandUsage, type FLOW_COMMANDS, groupUsage, TOP_USAGE } from "./command-table";
import { UsageError } from "./errors";
import { type ExecutionCommand, parseExecutionCommand, parseExecutionFlowCommand } from "./execution-args";
import { parseKeyValues } from "./key-values";
import { type ParsedLine, positiveNumber, splitLine } from "./parsed-line";

export { FLOW_COMMANDS } from "./command-table";

export const DEFAULT_WAIT_TIMEOUT_SECONDS = 60;

/** A parsed command line; `kind` names what to run. */
export type Command =
  /** group and command: that command's help (or the group's, without a command); neither: all of it */
  | { kind: "help"; group?: CommandGroup; command?: string }
  | { kind: "version" }
  | { kind: "flow-import"; file: string; json: boolean; bindings: Record<string, string> }
  | { kind: "flow-export"; id: string }
  | { kind: "flow-list"; json: boolean }
  | { kind: "flow-start"; id: string; wait: boolean; timeoutSeconds: number }
  | { kind: "flow-stop"; id: string; wait: boolean; timeoutSeconds: number }
  | { kind: "flow-suspend"; id: string; wait: boolean; timeoutSeconds: number }
  | { kind: "flow-resume"; id: string; wait: boolean; timeoutSeconds: number }
  | { kind: "flow-status"; id: string; json: boolean }
  | { kind: "flow-transitions"; id: string; json: boolean; limit: number | undefined }
  | { kind: "flow-scale"; id: string; stepId: string; replicas: number; json: boolean }
  | { kind: "flow-run"; id: string; json: boolean }
  | { kind: "flow-test"; target: string; json: boolean }
  | { kind: "flow-snapshot"; id: string; reset: boolean; json: boolean }
  | { kind: "flow-logs"; id: string; json: boolean; limit: number | undefined; stepId: string | undefined; follow: boolean }
  | {
      kind: "credential-create";
      component: string;
      name: string;
      authKind: string | undefined;
      /** --set key=value: which are secret the component's declaration says */
      set: Record<string, string>;
      /** --secret key=value: secret whatever the declaration says */
      secret: Record<string, string>;
      json: boolean;
    }
  | { kind: "credential-list"; json: boolean }
  | { kind: "credential-verify"; id: string; json: boolean }
  | { kind: "credential-delete"; id: string }
  | { kind: "component-init"; name: string; dir?: string }
  | { kind: "component-build"; dir: string; json: boolean }
  | { kind: "component-list"; json: boolean }
  | { kind: "component-remove"; name: string }
  | ExecutionCommand;

export type FlowCommandName = keyof typeof FLOW_COMMANDS;

export function flowCommandUsage(name: FlowCommandName): string {
  return commandUsage("flow", name);
}

const isHelp = (arg: string | undefined) => arg === "--help" || arg === "-h" || arg === "help";

/** Turns argv (without `node` and the script) into a Command, or throws a UsageError. */
export function parseCommand(argv: readonly string[]): Command {
  const [first, second, ...rest] = argv;
  if (first === undefined || isHelp(first)) return { kind: "help" };
  if (first === "--version" || first === "-v" || first === "version") return { kind: "version" };
  if (!Object.hasOwn(COMMAND_GROUPS, first)) throw new UsageError(`unknown command "${first}"`, TOP_USAGE);
  const group = first as CommandGroup;
  if (second === undefined) throw new UsageError(`missing the ${group} command`, groupUsage(group));
  if (isHelp(second)) return { kind: "help", group };
  if (!Object.hasOwn(COMMAND_GROUPS[group], second)) throw new UsageError(`unknown command "${group} ${second}"`, groupUsage(group));
  if (rest.some((arg) => arg === "--help" || arg === "-h")) return { kind: "help", group, command: second };
  const line = splitLine(group, second, rest);
  if (group === "flow") return parseFlowCommand(second as CommandName<"flow">, line);
  if (group === "execution") return parseExecutionCommand(second as CommandName<"execution">, line);
  if (group === "component") return parseComponentCommand(second as CommandName<"component">, line);
  return parseCredentialCommand(second as CommandName<"credential">, line);
}

function parseFlowCommand(name: CommandName<"flow">, line: ParsedLine): Command {
  const { usage, flags, values } = line;
  const first = line.positionals[0] ?? "";
  const json = flags.json === true;
  switch (name) {
    case "import":
      return { kind: "flow-import", file: first, json, bindings: parseKeyValues("--bind", line.lists.bind ?? [], usage) };
    case "export":
      return { kind: "flow-export", id: first };
    case "list":
      return { kind: "flow-list", json };
    case "start":
    case "stop":
    case "suspend":
    case "resume": {
      const timeout = positiveNumber(values.timeout, "--timeout", usage, false);
      if (timeout !== undefined && flags.wait !== true) throw new UsageError("--timeout only applies with --wait", usage);
      return { kind: `flow-${name}`, id: first, wait: flags.wait === true, timeoutSeconds: timeout ?? DEFAULT_WAIT_TIMEOUT_SECONDS };
    }
    case "status":
      return { kind: "flow-status", id: first, json };
    case "transitions":
      return { kind: "flow-transitions", id: first, json, limit: positiveNumber(values.limit, "--limit", usage, true) };
    case "scale": {
      const raw = line.positionals[2] ?? "";
      const replicas = Number(raw);
      if (!Number.isInteger(replicas) || replicas < 1 || replicas > 10) throw new UsageError(`<replicas> must be a whole number from 1 to 10 (got "${raw}")`, usage);
      return { kind: "flow-scale", id: first, stepId: line.positionals[1] ?? "", replicas, json };
    }
    case "run":
      return { kind: "flow-run", id: first, json };
    case "test":
      return { kind: "flow-test", target: first, json };
    case "snapshot":
      return { kind: "flow-snapshot", id: first, reset: flags.reset === true, json };
    case "logs":
      return { kind: "flow-logs", id: first, json, limit: positiveNumber(values.limit, "--limit", usage, true), stepId: values.step?.trim() || undefined, follow: flags.follow === true };
    case "executions":
    case "failed":
    case "retry":
    case "discard":
    case "replay":
      return parseExecutionFlowCommand(name, line);
  }
}

function parseCredentialCommand(name: CommandName<"credential">, line: ParsedLine): Command {
  const { usage, flags, values, lists } = line;
  const first = line.positionals[0] ?? "";
  const json = flags.json === true;
  switch (name) {
    case "create": {
      const set = parseKeyValues("--set", lists.set ?? [], usage);
      const secret = parseKeyValues("--secret", lists.secret ?? [], usage);
      const both = Object.keys(secret).find((key) => Object.hasOwn(set, key));
      if (both !== undefined) throw new UsageError(`--secret ${both}: also given with --set; give it once`, usage);
      const authKind = values.auth?.trim() || undefined;
      return { kind: "credential-create", component: values.component?.trim() ?? "", name: values.name?.trim() ?? "", authKind, set, secret, json };
    }
    case "list":
      return { kind: "credential-list", json };
    case "verify":
      return { kind: "credential-verify", id: first, json };
    case "delete":
      return { kind: "credential-delete", id: first };
  }
}

function parseComponentCommand(name: CommandName<"component">, line: ParsedLine): Command {
  const first = line.positionals[0] ?? "";
  const json = line.flags.json === true;
  switch (name) {
    case "init":
      return { kind: "component-init", name: first, dir: line.values.dir };
    case "build":
      return { kind: "component-build", dir: first, json };
    case "list":
      return { kind: "component-list", json };
    case "remove":
      return { kind: "component-remove", name: first };
  }
}
