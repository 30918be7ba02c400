import { DEFAULT_WAIT_TIMEOUT_SECONDS, FLOW_COMMANDS, type FlowCommandName, flowCommandUsage } from "./args";
import { DEFAULT_URL } from "./config";

function columns(rows: Array<[string, string]>): string[] {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`);
}

/** The text of `interflow --help`. */
export function usageText(): string {
  const names = Object.keys(FLOW_COMMANDS) as FlowCommandName[];
  return [
    "interflow — manage Interflow flows from the command line",
    "",
    "Usage:",
    ...columns([
      ...names.map((name): [string, string] => [flowCommandUsage(name), FLOW_COMMANDS[name].summary]),
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
    ]),
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
