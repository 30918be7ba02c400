import { readFileSync } from "node:fs";

/**
 * The platform's secret settings that may be given as a file instead (`<NAME>_FILE`, the path of a
 * file holding the value, as Docker's secrets and Compose's generated ones are): a connection URL
 * with its password, a key, a token. A value in a file stays out of `docker inspect` and of the
 * process's command line.
 */
export const SECRET_FILE_VARIABLES = [
  "DATABASE_URL",
  "REDIS_URL",
  "INTERFLOW_GATEWAY_REDIS_URL",
  "INTERFLOW_WEB_REDIS_URL",
  "INTERFLOW_ENCRYPTION_KEY",
  "BETTER_AUTH_SECRET",
  "INTERFLOW_WEBHOOK_KEY",
  "INTERFLOW_SETUP_TOKEN",
] as const;

/**
 * Sets each secret variable given as `<NAME>_FILE` from its file (the value without a trailing
 * newline), before the process reads its settings. Throws one line naming the variable when both
 * forms are given, or the file cannot be read or is empty.
 */
export function loadSecretFiles(env: Record<string, string | undefined> = process.env): string[] {
  const loaded: string[] = [];
  for (const name of SECRET_FILE_VARIABLES) {
    const file = env[`${name}_FILE`];
    if (!file) continue;
    if (env[name]) throw new Error(`${name} and ${name}_FILE are both set: give the value one way`);
    let value: string;
    try {
      value = readFileSync(file, "utf8").replace(/\r?\n$/, "");
    } catch (error) {
      throw new Error(`${name}_FILE: ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    if (!value.trim()) throw new Error(`${name}_FILE: ${file} is empty`);
    env[name] = value;
    loaded.push(name);
  }
  return loaded;
}
