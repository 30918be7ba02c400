// `npm run config:docs`: writes .env.example and docs/configuration.md (see configuration.ts).
import { writeFileSync } from "node:fs";
import path from "node:path";
import { configurationMarkdown, envExample } from "./configuration";

const root = path.resolve(import.meta.dirname, "..");
writeFileSync(path.join(root, ".env.example"), envExample());
writeFileSync(path.join(root, "docs/configuration.md"), configurationMarkdown());
console.log("wrote .env.example and docs/configuration.md");
