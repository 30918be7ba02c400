import { router } from "../../trpc";
import { createCredentialProcedure } from "./create";
import { deleteCredentialProcedure } from "./delete";
import { listCredentialsProcedure } from "./list";
import { updateCredentialProcedure } from "./update";

/** A workspace's credentials: members see them (secrets masked), owners and editors change them. */
export const credentialsRouter = router({
  list: listCredentialsProcedure,
  create: createCredentialProcedure,
  update: updateCredentialProcedure,
  delete: deleteCredentialProcedure,
});
