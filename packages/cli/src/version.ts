import packageJson from "../package.json" with { type: "json" };

/** The CLI's version, from its package.json (inlined by the bundler). */
export const CLI_VERSION: string = packageJson.version;
