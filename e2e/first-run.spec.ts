import { expect, test } from "./fixtures";
import { OWNER } from "./support/owner";

test("the first person to open a fresh installation creates the owner account and lands on the flows page", async ({
  page,
  setupPage,
  signInPage,
  flowsPage,
  context,
  platform,
}) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(setupPage.heading).toBeVisible();
  await expect(setupPage.passwordInput).toHaveAttribute("type", "password");

  await setupPage.createOwner({ ...OWNER, password: "short" });
  await expect(page.getByTestId("password-error")).toContainText("at least 10 characters");
  await expect(setupPage.passwordInput).toHaveAttribute("aria-invalid", "true");

  await setupPage.createOwner(OWNER);
  await expect(flowsPage.heading).toBeVisible();
  await expect(page).toHaveURL(/\/$/);
  await expect(flowsPage.workspaceName).toHaveText("Default");
  await expect(flowsPage.workspaceRole).toHaveText("Owner");
  await expect(flowsPage.liveIndicator).toHaveAttribute("data-status", "live");
  const session = (await context.cookies()).find((c) => c.name.endsWith("session_token"));
  expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/", secure: false });

  // From now on the installation has its owner: setup is gone, public sign-up is closed.
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/$/);
  await flowsPage.signOutButton.click();
  await expect(signInPage.heading).toBeVisible();
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/sign-in$/);
  const signUp = await page.request.post("/api/auth/sign-up/email", {
    headers: { origin: platform.webUrl },
    data: { name: "Mallory", email: "mallory@e2e.interflow.test", password: "a long enough password" },
  });
  expect(signUp.status()).toBe(403);
});
