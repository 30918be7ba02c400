/** Every option the CLI knows: how it is written in the usage, and whether it takes a value (or several). */
export const OPTIONS = {
  json: { takes: "nothing", usage: "--json" },
  wait: { takes: "nothing", usage: "--wait" },
  timeout: { takes: "value", usage: "--timeout <s>" },
  limit: { takes: "value", usage: "--limit <n>" },
  bind: { takes: "values", usage: "--bind <step>=<credential id>" },
  component: { takes: "value", usage: "--component <c>" },
  name: { takes: "value", usage: "--name <n>" },
  auth: { takes: "value", usage: "--auth <kind>" },
  set: { takes: "values", usage: "--set <key>=<value>" },
  secret: { takes: "values", usage: "--secret <key>=<value>" },
  step: { takes: "value", usage: "--step <step>" },
  follow: { takes: "nothing", usage: "--follow" },
  reset: { takes: "nothing", usage: "--reset" },
  status: { takes: "values", usage: "--status <s>" },
  all: { takes: "nothing", usage: "--all" },
  message: { takes: "values", usage: "--message <mid>" },
  "from-step": { takes: "value", usage: "--from-step <step>" },
  version: { takes: "value", usage: "--version <n>" },
  restore: { takes: "nothing", usage: "--restore" },
  body: { takes: "value", usage: "--body <json>" },
  from: { takes: "value", usage: "--from <iso time>" },
  to: { takes: "value", usage: "--to <iso time>" },
  dir: { takes: "value", usage: "--dir <folder>" },
} as const satisfies Record<string, { takes: "nothing" | "value" | "values"; usage: string }>;

export type OptionName = keyof typeof OPTIONS;

export interface CommandSpec {
  /** positional arguments, in order, all required */
  args: readonly string[];
  options: readonly OptionName[];
  /** the options that must be given */
  required?: readonly OptionName[];
  /** options of which exactly one must be given, e.g. `(--all | --message <mid>…)` */
  oneOf?: readonly OptionName[];
  summary: string;
}

/** Every `interflow flow …` command: the usage text and the parser both come from this table. */
export const FLOW_COMMANDS = {
  import: { args: ["file"], options: ["bind", "json"], summary: "import a flow document (a JSON file) as a new flow; --bind a step to a credential" },
  export: { args: ["id"], options: [], summary: "print a flow's document as JSON (credentials by name, no secret)" },
  list: { args: [], options: ["json"], summary: "list the workspace's flows" },
  start: { args: ["id"], options: ["wait", "timeout"], summary: "start a flow; --wait until it is running" },
  stop: { args: ["id"], options: ["wait", "timeout"], summary: "stop a flow; --wait until it has stopped" },
  suspend: { args: ["id"], options: ["wait", "timeout"], summary: "suspend a flow, keeping its messages; --wait until suspended" },
  resume: { args: ["id"], options: ["wait", "timeout"], summary: "resume a suspended flow; --wait until it is running" },
  status: { args: ["id"], options: ["json"], summary: "show a flow's state, health, steps, failed messages and last transition" },
  transitions: { args: ["id"], options: ["limit", "json"], summary: "show a flow's state changes, newest first" },
  scale: { args: ["id", "step", "replicas"], options: ["json"], summary: "run a step of a running flow as 1–10 replicas from now on" },
  run: { args: ["id"], options: ["json"], summary: "run a polling flow's trigger now, beside its schedule" },
  test: { args: ["file|id"], options: ["json"], summary: "run a flow's test cases (a document file's, or a flow's current version's); exit 1 when one fails" },
  snapshot: { args: ["id"], options: ["reset", "json"], summary: "show a polling flow's schedule, last and next run and snapshot; --reset forgets the snapshot (flow stopped)" },
  logs: { args: ["id"], options: ["step", "follow", "limit", "json"], summary: "show what a flow's step runners wrote (--step one step; --follow new lines as they come)" },
  executions: { args: ["id"], options: ["status", "step", "limit", "json"], summary: "list a flow's executions, newest first (--status and --step filter them)" },
  failed: { args: ["id"], options: ["step", "limit", "json"], summary: "list a flow's failed messages waiting for a retry or a discard, newest first" },
  retry: {
    args: ["id"],
    options: ["all", "message", "from-step", "version", "restore", "body"],
    oneOf: ["all", "message"],
    summary: "send failed messages again, each as a new execution (--body: an edited body for one --message; the flow must run)",
  },
  discard: { args: ["id"], options: ["all", "message"], oneOf: ["all", "message"], summary: "discard failed messages: they stay listed as discarded" },
  replay: {
    args: ["id"],
    options: ["from", "to", "status", "from-step", "version", "restore", "limit"],
    required: ["from", "to"],
    summary: "send the executions that started in [--from, --to) again, from the trigger or --from-step (the flow must run; at most --limit, 1,000 unless told)",
  },
} as const satisfies Record<string, CommandSpec>;

/** Every `interflow execution …` command: one execution of a flow. */
export const EXECUTION_COMMANDS = {
  show: { args: ["id"], options: ["json"], summary: "show an execution and every try of every step: status, error, input and output" },
} as const satisfies Record<string, CommandSpec>;

/** Every `interflow credential …` command. */
export const CREDENTIAL_COMMANDS = {
  create: {
    args: [],
    options: ["component", "name", "auth", "set", "secret", "json"],
    required: ["component", "name"],
    summary: "create a credential; its secret fields are encrypted and never shown again",
  },
  list: { args: [], options: ["json"], summary: "list the workspace's credentials, secrets masked" },
  verify: { args: ["id"], options: ["json"], summary: "check a credential against its application (exit 1 when not verified)" },
  delete: { args: ["id"], options: [], summary: "delete a credential (refused while a flow uses it)" },
} as const satisfies Record<string, CommandSpec>;

/** Every `interflow component …` command: custom components, each in its own image. */
export const COMPONENT_COMMANDS = {
  init: {
    args: ["name"],
    options: ["dir"],
    summary: "write a new component's folder (<name>, or --dir): an action, a polling trigger, a credential kind with verify, and their tests",
  },
  build: {
    args: ["dir"],
    options: ["json"],
    summary: "bundle the component in <dir>, build its image FROM the runner's and install it in the workspace (owners)",
  },
  list: { args: [], options: ["json"], summary: "list the workspace's custom components" },
  remove: { args: ["name"], options: [], summary: "remove a custom component (refused while a flow uses it)" },
} as const satisfies Record<string, CommandSpec>;

export const COMMAND_GROUPS = { flow: FLOW_COMMANDS, execution: EXECUTION_COMMANDS, credential: CREDENTIAL_COMMANDS, component: COMPONENT_COMMANDS } as const;
export type CommandGroup = keyof typeof COMMAND_GROUPS;
export type CommandName<G extends CommandGroup> = keyof (typeof COMMAND_GROUPS)[G] & string;

export function commandSpec(group: CommandGroup, name: string): CommandSpec {
  return (COMMAND_GROUPS[group] as Record<string, CommandSpec>)[name] as CommandSpec;
}

function optionUsage(spec: CommandSpec, option: OptionName): string {
  const { usage, takes } = OPTIONS[option];
  if (spec.required?.includes(option)) return usage;
  return takes === "values" ? `[${usage}]…` : `[${usage}]`;
}

/** The choice of a `oneOf`, e.g. `(--all | --message <mid>…)`. */
function oneOfUsage(options: readonly OptionName[]): string {
  return `(${options.map((o) => `${OPTIONS[o].usage}${OPTIONS[o].takes === "values" ? "…" : ""}`).join(" | ")})`;
}

/** One command's usage, e.g. `interflow flow start <id> [--wait] [--timeout <s>]`. */
export function commandUsage(group: CommandGroup, name: string): string {
  const spec = commandSpec(group, name);
  const options = spec.options.flatMap((o) => {
    if (!spec.oneOf?.includes(o)) return [optionUsage(spec, o)];
    // the choice is written once, where its first option is
    return o === spec.oneOf[0] ? [oneOfUsage(spec.oneOf)] : [];
  });
  return [`interflow ${group}`, name, ...spec.args.map((a) => `<${a}>`), ...options].join(" ");
}

/** A group's usage, e.g. `interflow flow <import|export|…> … (see interflow --help)`. */
export function groupUsage(group: CommandGroup): string {
  return `interflow ${group} <${Object.keys(COMMAND_GROUPS[group]).join("|")}> … (see interflow --help)`;
}

export const TOP_USAGE = `interflow <${Object.keys(COMMAND_GROUPS).join("|")}> <command> … (see interflow --help)`;
