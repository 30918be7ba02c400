import { ENCRYPTION_KEY_VARIABLE, type EncryptionKey } from "@interflow/db";
import { AppError, AppErrorCode } from "@interflow/flow";
import type { ApiServices } from "../../services";

/** The key of credentials' secrets; without one the server cannot store or show credentials, and says why. */
export function encryptionKeyOf(services: ApiServices): EncryptionKey {
  if (!services.encryptionKey) {
    throw new AppError(
      AppErrorCode.Internal,
      `credentials are unavailable: the server has no ${ENCRYPTION_KEY_VARIABLE} (32 random bytes, e.g. from \`openssl rand -base64 32\`) to encrypt their secrets with`,
    );
  }
  return services.encryptionKey;
}
