import { DEFAULT_WAIT_TIMEOUT_SECONDS } from "./args";
import { COMMAND_GROUPS, type CommandGroup, commandSpec, commandUsage } from "./command-table";
import { DEFAULT_URL } from "./config";

function columns(rows: Array<[string, string]>): string[] {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`);
}

function commandRows(group: CommandGroup): Array<[string, string]> {
  return Object.keys(COMMAND_GROUPS[group]).map((name): [string, string] => [commandUsage(group, name), commandSpec(group, name).summary]);
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
    ...columns([
      ["--json", "print machine-readable JSON on stdout (errors still go to stderr)"],
      ["--wait", "poll every 250 ms until the flow is running (start, resume), stopped (stop) or suspended (suspend)"],
      ["--timeout <s>", `how long --wait waits, in seconds (default ${DEFAULT_WAIT_TIMEOUT_SECONDS})`],
      ["--limit <n>", "how many to show (transitions, log lines, executions, failed messages)"],
      ["--status <s>", "only executions of this status: running, retrying, ok, failed or dropped (repeatable)"],
      ["--step <step>", "only this step's lines (logs), executions that reached it (executions), messages that failed at it (failed)"],
      ["--all", "every failed message of the flow (retry, discard)"],
      ["--message <mid>", "a failed message, by its id or its message id (repeatable)"],
      ["--from-step <step>", "where the messages enter the flow again (default: the step each failed at; replay: the trigger)"],
      ["--version <n>", "the version the messages run on (default: the one the flow runs; an earlier one needs --restore)"],
      ["--restore", "make --version current again first (as a new version: every message the flow takes runs on it)"],
      ["--body <json>", "the body to send instead of the failed message's (JSON text; one --message only)"],
      ["--from, --to <iso time>", "replay the executions that started from this time, before that one (e.g. 2026-12-06T10:00:00Z)"],
      ["--bind <step>=<id>", "use this credential for the step instead of the one the document names (repeatable)"],
      ["--auth <kind>", "how the credential authenticates, when its component offers several (basic, bearer, api-key, …)"],
      ["--set <key>=<value>", "a field of the credential (repeatable); the component's declaration says which are secret; <value> @- reads stdin, @<file> a file, @@… starts with @"],
      ["--secret <key>=<value>", "a secret field, for a component that declares no credential (repeatable)"],
    ]),
    "",
    "Secrets are encrypted by the server and never printed; `credential list` shows them masked.",
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
