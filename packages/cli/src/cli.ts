import { type Command, parseCommand } from "./args";
import { createInterflowClient, type InterflowClient } from "./client";
import type { CliIo, CommandContext } from "./commands/context";
import { componentBuild, componentInit, componentList, componentRemove } from "./commands/component";
import { credentialCreate } from "./commands/credential-create";
import { credentialDelete } from "./commands/credential-delete";
import { credentialList } from "./commands/credential-list";
import { credentialVerify } from "./commands/credential-verify";
import { executionShow } from "./commands/execution-show";
import { flowDiscard } from "./commands/flow-discard";
import { flowExecutions } from "./commands/flow-executions";
import { flowExport } from "./commands/flow-export";
import { flowTest } from "./commands/flow-test";
import { flowFailed } from "./commands/flow-failed";
import { flowImport } from "./commands/flow-import";
import { flowList } from "./commands/flow-list";
import { flowStart } from "./commands/flow-start";
import { flowStatus } from "./commands/flow-status";
import { requestStateChange } from "./commands/state-change";
import { flowStop } from "./commands/flow-stop";
import { flowLogs } from "./commands/flow-logs";
import { flowRun, flowSnapshot } from "./commands/flow-polling";
import { flowReplay } from "./commands/flow-replay";
import { flowRetry } from "./commands/flow-retry";
import { flowScale } from "./commands/flow-scale";
import { flowTransitions } from "./commands/flow-transitions";
import { type ConfigSources, loadConfig, resolveDataDir } from "./config";
import { type ErrorContext, errorLine, exitCodeOf } from "./errors";
import { commandHelpText, usageText } from "./usage";
import { CLI_VERSION } from "./version";

type ApiCommand = Exclude<Command, { kind: "help" } | { kind: "version" }>;

/** Runs one command line and returns the exit code; failures become one `error:` line on stderr. */
export async function runCli(argv: readonly string[], io: CliIo, sources: ConfigSources): Promise<number> {
  const errorContext: ErrorContext = {};
  try {
    const command = parseCommand(argv);
    if (command.kind === "help") io.stdout(command.group ? commandHelpText(command.group, command.command) : usageText());
    else if (command.kind === "version") io.stdout(`${CLI_VERSION}\n`);
    else await runApiCommand(command, apiCommandContext(io, sources, errorContext));
    return 0;
  } catch (err) {
    io.stderr(`${errorLine(err, errorContext)}\n`);
    return exitCodeOf(err);
  }
}

/**
 * The client is made on first use, so a command fails on its own input (a missing file) before
 * it fails on configuration (no token); what the error lines need is noted in `errorContext`.
 */
function apiCommandContext(io: CliIo, sources: ConfigSources, errorContext: ErrorContext): CommandContext {
  let client: InterflowClient | undefined;
  return {
    io,
    cwd: sources.cwd,
    get client() {
      if (!client) {
        errorContext.dataDir = resolveDataDir(sources);
        const config = loadConfig(sources);
        errorContext.url = config.url;
        client = createInterflowClient(config);
      }
      return client;
    },
  };
}

function runApiCommand(command: ApiCommand, ctx: CommandContext): Promise<void> {
  switch (command.kind) {
    case "flow-import":
      return flowImport(command, ctx);
    case "flow-export":
      return flowExport(command, ctx);
    case "flow-list":
      return flowList(command, ctx);
    case "flow-start":
      return flowStart(command, ctx);
    case "flow-stop":
      return flowStop(command, ctx);
    case "flow-suspend":
      return requestStateChange("suspend", command, ctx);
    case "flow-resume":
      return requestStateChange("resume", command, ctx);
    case "flow-status":
      return flowStatus(command, ctx);
    case "flow-transitions":
      return flowTransitions(command, ctx);
    case "flow-logs":
      return flowLogs(command, ctx);
    case "flow-scale":
      return flowScale(command, ctx);
    case "flow-run":
      return flowRun(command, ctx);
    case "flow-test":
      return flowTest(command, ctx);
    case "flow-snapshot":
      return flowSnapshot(command, ctx);
    case "flow-executions":
      return flowExecutions(command, ctx);
    case "flow-failed":
      return flowFailed(command, ctx);
    case "flow-retry":
      return flowRetry(command, ctx);
    case "flow-discard":
      return flowDiscard(command, ctx);
    case "flow-replay":
      return flowReplay(command, ctx);
    case "execution-show":
      return executionShow(command, ctx);
    case "credential-create":
      return credentialCreate(command, ctx);
    case "credential-list":
      return credentialList(command, ctx);
    case "credential-verify":
      return credentialVerify(command, ctx);
    case "credential-delete":
      return credentialDelete(command, ctx);
    case "component-init":
      return componentInit(command, ctx);
    case "component-build":
      return componentBuild(command, ctx);
    case "component-list":
      return componentList(command, ctx);
    case "component-remove":
      return componentRemove(command, ctx);
  }
}
