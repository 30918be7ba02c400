/** Builds (or finds) the runner image: see docker-images-lib.mjs. */
export function buildRunnerImage(options?: { log?: (line: string) => void }): Promise<{ base: string; runner: string; hash: string }>;
