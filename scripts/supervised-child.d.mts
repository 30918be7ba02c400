export interface SupervisedOptions {
  name: string;
  /** default: this Node */
  command?: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** each line it writes */
  output?: (name: string, line: string) => void;
  /** what the supervisor says (exits, restarts) */
  log: (line: string) => void;
  /** the first restart waits this long (1 s), each next one twice as long, up to maxDelayMs (30 s) */
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** a process that ran this long (60 s) before it died starts over at the first delay */
  stableMs?: number;
  /** run as this user and group (PostgreSQL will not run as root) */
  uid?: number;
  gid?: number;
  /**
   * in a process group of its own: a terminal's Ctrl-C (SIGINT to the whole foreground group) does
   * not reach it, so it is stopped when stop() says — after what depends on it (the databases)
   */
  ownGroup?: boolean;
  /** how stop() asks it to end (default SIGTERM; PostgreSQL's fast shutdown is SIGINT) */
  stopSignal?: NodeJS.Signals;
  /** each time it is (re)started, with its pid */
  onSpawn?: (name: string, pid: number) => void;
}

export class SupervisedChild {
  constructor(options: SupervisedOptions);
  readonly pid: number | undefined;
  readonly exited: Promise<void>;
  exitedWhileStarting: string | undefined;
  supervise(): void;
  stop(graceMs?: number): Promise<void>;
  kill(): void;
}
