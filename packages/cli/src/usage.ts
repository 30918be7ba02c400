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
    "interflow — manage Interflow flows and credentials from the command line",
    "",
    "Usage:",
    ...columns([
      ...commandRows("flow"),
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
      ["--limit <n>", "how many transitions to show"],
      ["--bind <step>=<id>", "use this credential for the step instead of the one the document names (repeatable)"],
      ["--auth <kind>", "how the credential authenticates, when its component offers several (basic, bearer, api-key, …)"],
      ["--set <key>=<value>", "a field of the credential (repeatable); the component's declaration says which are secret"],
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
