import { router } from "../../trpc";
import { connectCredentialProcedure } from "./connect";
import { createCredentialProcedure } from "./create";
import { deleteCredentialProcedure } from "./delete";
import { listCredentialsProcedure } from "./list";
import { rotateSecretProcedure } from "./rotate";
import { testCredentialProcedure } from "./test";
import { updateCredentialProcedure } from "./update";
import { verifyCredentialProcedure } from "./verify";

/** A workspace's credentials: members see them (secrets masked), owners and editors change and verify them. */
export const credentialsRouter = router({
  list: listCredentialsProcedure,
  create: createCredentialProcedure,
  update: updateCredentialProcedure,
  rotateSecret: rotateSecretProcedure,
  delete: deleteCredentialProcedure,
  verify: verifyCredentialProcedure,
  test: testCredentialProcedure,
  connect: connectCredentialProcedure,
});
