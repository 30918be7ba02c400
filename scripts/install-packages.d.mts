export function hasCommand(command: string, env?: NodeJS.ProcessEnv): boolean;
export function ensureCommand(p: {
  command: string;
  pkg: string;
  why: string;
  log?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}): { installed: boolean; missing?: undefined } | { missing: string; installed?: undefined };
