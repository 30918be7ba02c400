import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";

/** The database handle every repository function takes first. */
export type Db = { prisma: PrismaClient; close(): Promise<void> };

export function createDb(databaseUrl: string): Db {
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
  return { prisma, close: () => prisma.$disconnect() };
}
