import { readFileSync } from "node:fs";
import path from "node:path";
import { findPrismaDir } from "./migration-files";

export interface SchemaFile {
  path: string;
  content: string;
}

export function readSchemaFile(prismaDir: string = findPrismaDir()): SchemaFile {
  const file = path.join(prismaDir, "schema.prisma");
  return { path: file, content: readFileSync(file, "utf8") };
}
