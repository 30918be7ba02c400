import { AppError, AppErrorCode } from "@interflow/flow";
import { APIError } from "better-auth/api";
import type { ApiServices } from "../services";
import { invitedSignUp } from "./create-auth";

/**
 * Creates the account of someone who holds a valid invitation (the caller checked it); they join
 * its workspace next. An email that already has an account is told to sign in instead.
 */
export async function signUpInvited(
  services: ApiServices,
  p: { name: string; email: string; password: string },
): Promise<{ id: string; email: string }> {
  try {
    const result = await invitedSignUp.run(true, () => services.auth.api.signUpEmail({ body: p }));
    return { id: result.user.id, email: result.user.email };
  } catch (error) {
    // by name too: the auth instance may come from another copy of better-auth (see `invitedSignUp`)
    if (error instanceof APIError || (error instanceof Error && error.name === "APIError" && "body" in error)) {
      const { body, message: reason } = error as APIError;
      const message = body?.code === "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL" || body?.code === "USER_ALREADY_EXISTS"
        ? "email: this address already has an account: sign in, then open the invitation link again"
        : `${body?.code?.toLowerCase().includes("password") ? "password" : "email"}: ${reason}`;
      throw new AppError(AppErrorCode.BadRequest, message);
    }
    throw error;
  }
}
