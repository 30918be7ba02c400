import type { InterflowClient } from "../client";

/** Where a command writes: stdout for results, stderr for errors (main writes the error lines). */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** all of stdin, for values given as `@-` (absent: there is none to read) */
  stdin?: () => Promise<string>;
}

/** What every command that talks to the API gets from the dispatcher. */
export interface CommandContext {
  /** made on first access (configuration is read then); touch it after checking local input */
  readonly client: InterflowClient;
  io: CliIo;
  cwd: string;
}
