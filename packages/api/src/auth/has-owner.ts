import { hasAnyUser } from "@interflow/db";
import type { ApiServices } from "../services";

/** False on a fresh installation until its first person (the owner) has signed up. */
export function hasOwner(services: ApiServices): Promise<boolean> {
  return hasAnyUser(services.db);
}
