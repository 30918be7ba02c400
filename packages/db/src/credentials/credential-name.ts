import { AppError, AppErrorCode } from "@interflow/flow";
import { Prisma } from "../generated/prisma/client";

/** Names are unique per workspace (the database says so): a clash is reported on the `name` field. */
export function nameTaken(name: string): AppError {
  return new AppError(AppErrorCode.Conflict, `name: a credential named "${name}" exists in this workspace`);
}

export function isNameClash(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}
