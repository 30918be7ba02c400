import { expect, test } from "./fixtures";
import { OWNER } from "./support/owner";

test("signing in refuses a wrong password at the field; signing out returns to the sign-in page", async ({
  page,
  signInPage,
  flowsPage,
  context,
}) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(signInPage.heading).toBeVisible();

  await signInPage.signIn({ email: OWNER.email, password: "not the password" });
  await expect(signInPage.passwordError).toHaveText("Wrong email or password.");
  await expect(signInPage.passwordInput).toHaveAttribute("aria-invalid", "true");
  await expect(signInPage.passwordInput).toHaveAccessibleDescription(/Wrong email or password/);
  expect((await context.cookies()).some((c) => c.name.endsWith("session_token"))).toBe(false);

  await signInPage.signIn(OWNER);
  await expect(flowsPage.heading).toBeVisible();
  await expect(flowsPage.workspaceRole).toHaveText("Owner");

  await flowsPage.signOutButton.click();
  await expect(signInPage.heading).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in$/);
  expect((await context.cookies()).some((c) => c.name.endsWith("session_token"))).toBe(false);
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in$/);
});

test("the password changes only with the current one", async ({ page, signInPage, flowsPage }) => {
  await signInPage.goto();
  await signInPage.signIn(OWNER);
  await expect(flowsPage.heading).toBeVisible();
  await page.getByTestId("signed-in-email").click();
  await expect(page.getByRole("heading", { name: "Your password" })).toBeVisible();

  const change = async (currentPassword: string, newPassword: string) => {
    await page.getByLabel("Current password").fill(currentPassword);
    await page.getByLabel("New password").fill(newPassword);
    await expect(page.getByRole("status")).toBeHidden(); // editing hides the last answer
    await page.getByRole("button", { name: "Change password" }).click();
  };
  await change("not the password", "a new e2e passphrase");
  await expect(page.getByTestId("currentPassword-error")).toHaveText("This is not your current password.");

  await change(OWNER.password, "a new e2e passphrase");
  await expect(page.getByRole("status")).toContainText("Your password was changed");
  // and back, for the specs after this one
  await change("a new e2e passphrase", OWNER.password);
  await expect(page.getByRole("status")).toContainText("Your password was changed");
  await page.goto("/");
  await expect(flowsPage.heading).toBeVisible(); // flows-page.spec.ts signs in with OWNER.password again
});
