import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SDK_VERSION } from "@interflow/sdk";
import { CliError } from "../errors";

/** the templates' files and where each goes in the new component's folder */
const FILES: ReadonlyArray<readonly [template: string, target: string]> = [
  ["package.json.tpl", "package.json"],
  ["tsconfig.json.tpl", "tsconfig.json"],
  ["README.md.tpl", "README.md"],
  ["gitignore.tpl", ".gitignore"],
  ["index.ts.tpl", "src/index.ts"],
  ["component.test.ts.tpl", "test/component.test.ts"],
];

/** the CLI package's templates/component folder, from the source (src/component) or the bundle (dist) */
function templatesDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, "templates", "component");
    if (existsSync(path.join(candidate, "index.ts.tpl"))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new CliError("the CLI's component templates are missing (templates/component next to its package.json)");
    dir = parent;
  }
}

/** "acme-crm" → "Acme CRM"-ish: each part capitalised */
const titleOf = (name: string) =>
  name
    .split("-")
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join(" ");

export interface ScaffoldedComponent {
  name: string;
  dir: string;
  files: string[];
}

/**
 * Writes a new component's folder: package.json, an action, a polling trigger, a credential kind
 * with verify, and tests that run them with @interflow/sdk/testing against a local server. Refuses
 * a name that is not lower-case kebab (the component's name in flows) and a folder that has files.
 */
export function scaffoldComponent(name: string, dir: string): ScaffoldedComponent {
  if (!/^[a-z][a-z0-9-]{0,62}$/.test(name) || name.endsWith("-")) {
    throw new CliError(`component name "${name}": lower-case letters, digits and dashes, starting with a letter (it names the component in flows: e.g. acme-crm)`);
  }
  if (existsSync(dir) && (!statSync(dir).isDirectory() || readdirSync(dir).length > 0)) {
    throw new CliError(`${dir} already exists and is not an empty folder: nothing was written (choose another with --dir)`);
  }
  const templates = templatesDir();
  const values: Record<string, string> = { __NAME__: name, __TITLE__: titleOf(name), __SDK_VERSION__: SDK_VERSION };
  const written: string[] = [];
  for (const [template, target] of FILES) {
    const text = readFileSync(path.join(templates, template), "utf8").replace(/__(NAME|TITLE|SDK_VERSION)__/g, (placeholder) => values[placeholder] ?? placeholder);
    const file = path.join(dir, target);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text, { flag: "wx" });
    written.push(target);
  }
  return { name, dir, files: written };
}
