import { DEFAULT_WAIT_TIMEOUT_SECONDS } from "./args";
import { COMMAND_GROUPS, type CommandGroup, commandSpec, commandUsage, OPTIONS, type OptionName } from "./command-table";
import { DEFAULT_URL } from "./config";

function columns(rows: Array<[string, string]>): string[] {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`);
}

function commandRows(group: CommandGroup): Array<[string, string]> {
  return Object.keys(COMMAND_GROUPS[group]).map((name): [string, string] => [commandUsage(group, name), commandSpec(group, name).summary]);
}

/** What each option does, in the order the help lists them. */
const OPTION_HELP: Record<OptionName, string> = {
  json: "print machine-readable JSON on stdout (errors still go to stderr)",
  wait: "poll every 250 ms until the flow is running (start, resume), stopped (stop) or suspended (suspend), printing each state it reaches",
  timeout: `how long --wait waits, in seconds (default ${DEFAULT_WAIT_TIMEOUT_SECONDS})`,
  limit: "how many to show (transitions, log lines, executions, failed messages); replay: how many executions at most (1,000 unless told, up to 10,000)",
  status: "only executions of this status: running, retrying, ok, failed or dropped (repeatable)",
  step: "only this step's lines (logs), executions that reached it (executions), messages that failed at it (failed)",
  follow: "keep printing new lines as they come (Ctrl-C ends it)",
  reset: "forget the polling snapshot (the flow must be stopped)",
  all: "every failed message of the flow (retry, discard)",
  message: "a failed message, by its id or its message id (repeatable)",
  "from-step": "where the messages enter the flow again (default: the step each failed at; replay: the trigger)",
  version: "the version the messages run on (default: the one the flow runs; an earlier one needs --restore)",
  restore: "make --version current again first (as a new version: every message the flow takes runs on it)",
  body: "the body to send instead of the failed message's (JSON text; one --message only)",
  from: "replay the executions that started from this time (e.g. 2026-12-06T10:00:00Z)…",
  to: "…until before this one",
  bind: "use this credential for the step instead of the one the document names (repeatable)",
  component: "the component the credential is for (e.g. http, postgres)",
  name: "the credential's name",
  auth: "how the credential authenticates, when its component offers several (basic, bearer, api-key, …)",
  set: "a field of the credential (repeatable); the component's declaration says which are secret; <value> @- reads stdin, @<file> a file, @@… starts with @",
  secret: "a secret field, for a component that declares no credential (repeatable)",
  dir: "the folder to write the component in (default: ./<name>; it must not exist or be empty)",
};

const EXIT_CODES = "Exit codes: 0 done, 1 failed, 2 the command line was not understood, 3 not found, 4 refused in the state it is in (e.g. a flow that is not stopped cannot start).";

/** The text of `interflow <group> --help` (its commands) or `interflow <group> <command> --help` (its usage and options). */
export function commandHelpText(group: CommandGroup, command?: string): string {
  if (command === undefined) return ["Usage:", ...columns(commandRows(group)), "", `\`interflow ${group} <command> --help\` for one command's options.`, ""].join("\n");
  const spec = commandSpec(group, command);
  const options = spec.options.map((o): [string, string] => [OPTIONS[o].usage, OPTION_HELP[o]]);
  return [`Usage: ${commandUsage(group, command)}`, "", spec.summary, ...(options.length > 0 ? ["", "Options:", ...columns(options)] : []), "", EXIT_CODES, ""].join("\n");
}

/** The text of `interflow --help`. */
export function usageText(): string {
  return [
    "interflow — manage Interflow flows, their executions and credentials from the command line",
    "",
    "Usage:",
    ...columns([
      ...commandRows("flow"),
      ...commandRows("execution"),
      ...commandRows("credential"),
      ...commandRows("component"),
      ["interflow help, --help", "show this help"],
      ["interflow --version", "print the CLI's version"],
    ]),
    "",
    "Options:",
    ...columns((Object.keys(OPTION_HELP) as OptionName[]).map((o) => [OPTIONS[o].usage, OPTION_HELP[o]])),
    "",
    "Secrets are encrypted by the server and never printed; `credential list` shows them masked.",
    "",
    EXIT_CODES,
    "",
    "Environment:",
    ...columns([
      ["INTERFLOW_URL", `the Interflow web app (default ${DEFAULT_URL})`],
      ["INTERFLOW_TOKEN", "the API token; when unset, read from <data dir>/admin-token"],
      ["INTERFLOW_DATA_DIR", "the data directory (default .data at the repository root)"],
    ]),
    "",
  ].join("\n");
}
