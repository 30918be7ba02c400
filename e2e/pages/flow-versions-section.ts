import type { Locator, Page } from "@playwright/test";

/** The Versions section of a flow's page: the history, what changed between two versions, Restore. */
export class FlowVersionsSection {
  readonly section: Locator;
  /** newest first; each has `data-version`, and `data-current` on the current one */
  readonly rows: Locator;
  /** the version numbers as shown ("v3"), newest first */
  readonly numbers: Locator;
  readonly fromSelect: Locator;
  readonly toSelect: Locator;
  /** what changed, one line per change ("Renamed from “A” to “B”") */
  readonly diffLines: Locator;
  /** "No changes." when the two versions do the same */
  readonly diffSame: Locator;
  /** what a restore did */
  readonly restoreResult: Locator;
  /** the open confirmation */
  readonly confirmDialog: Locator;

  constructor(readonly page: Page) {
    this.section = page.getByTestId("flow-versions");
    this.rows = this.section.getByTestId("version-row");
    this.numbers = this.rows.getByTestId("version-number");
    this.fromSelect = this.section.getByLabel("From", { exact: true });
    this.toSelect = this.section.getByLabel("To", { exact: true });
    this.diffLines = this.section.getByTestId("diff-line");
    this.diffSame = this.section.getByTestId("diff-same");
    this.restoreResult = this.section.getByTestId("restore-result");
    this.confirmDialog = page.getByRole("dialog");
  }

  row(version: number): Locator {
    return this.section.locator(`[data-testid="version-row"][data-version="${version}"]`);
  }

  authorOf(version: number): Locator {
    return this.row(version).getByTestId("version-author");
  }

  currentBadgeOf(version: number): Locator {
    return this.row(version).getByTestId("version-current");
  }

  restoreButton(version: number): Locator {
    return this.row(version).getByRole("button", { name: `Restore version ${version}` });
  }

  /** Picks the two versions to compare. */
  async compare(from: number, to: number) {
    await this.fromSelect.selectOption(String(from));
    await this.toSelect.selectOption(String(to));
  }

  /** Restore on `version`, then confirm. */
  async restore(version: number) {
    await this.restoreButton(version).click();
    await this.confirmDialog.getByRole("button", { name: `Restore version ${version}` }).click();
  }
}
