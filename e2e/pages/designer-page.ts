import { expect, type Locator, type Page } from "@playwright/test";
import { FlowSettingsPanel } from "./flow-settings-panel";

/** The flow designer (/flows/<id>/designer, /flows/new): palette, canvas, the selected step's panel (or the flow's settings), toolbar. */
export class DesignerPage {
  readonly palette: Locator;
  readonly canvas: Locator;
  readonly emptyCanvas: Locator;
  readonly panel: Locator;
  readonly toolbar: Locator;
  readonly saveStatus: Locator;
  readonly version: Locator;
  readonly publishButton: Locator;
  readonly publishOutcome: Locator;
  readonly problemsButton: Locator;
  readonly problemList: Locator;
  readonly undoButton: Locator;
  readonly redoButton: Locator;
  readonly webhookUrl: Locator;
  readonly state: Locator;
  /** the flow's own settings, opened from the toolbar */
  readonly flowSettings: FlowSettingsPanel;

  constructor(readonly page: Page) {
    this.palette = page.getByTestId("palette");
    this.canvas = page.getByTestId("canvas");
    this.emptyCanvas = page.getByTestId("empty-canvas");
    this.panel = page.getByTestId("node-panel");
    this.toolbar = page.getByTestId("designer-toolbar");
    this.saveStatus = page.getByTestId("save-status");
    this.version = page.getByTestId("designer-version");
    this.publishButton = page.getByTestId("publish");
    this.publishOutcome = page.getByTestId("publish-outcome");
    this.problemsButton = page.getByTestId("flow-problems");
    this.problemList = page.getByTestId("problem-list");
    this.undoButton = page.getByTestId("undo");
    this.redoButton = page.getByTestId("redo");
    this.webhookUrl = page.getByTestId("designer-webhook-url");
    this.state = this.toolbar.getByTestId("flow-state");
    this.flowSettings = new FlowSettingsPanel(page);
  }

  /** "New flow" on the flows page: name it, open its empty canvas. */
  async createFlow(name: string) {
    await this.page.goto("/");
    await this.page.getByTestId("new-flow").click();
    await this.page.getByTestId("new-flow-dialog").getByLabel("Name").fill(name);
    await this.page.getByTestId("new-flow-submit").click();
    await expect(this.emptyCanvas).toBeVisible();
  }

  /** "New flow" with the webhook trigger dropped onto its canvas. */
  async createWebhookFlow(name: string) {
    await this.createFlow(name);
    await this.dragOntoCanvas("webhook.receive", { x: 220, y: 300 });
    await expect(this.step("webhook")).toBeVisible();
  }

  /** "+" after step `after`: the first action the picker finds for `search`, added and connected as step `added`. */
  async addAfter(after: string, search: string, added: string) {
    // the canvas may still be moving the selected step into view: a click then lands where the "+" was
    await this.canvasSettled();
    const picker = this.page.getByTestId("action-picker");
    await expect(async () => {
      if (!(await picker.isVisible())) await this.page.getByTestId(`add-after-${after}`).click();
      await expect(picker).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 20_000 });
    await picker.getByRole("combobox").fill(search);
    await this.page.keyboard.press("Enter");
    await expect(this.step(added)).toBeVisible();
  }

  paletteItem(key: string): Locator {
    return this.page.getByTestId(`palette-${key}`);
  }

  step(id: string): Locator {
    return this.page.getByTestId(`step-${id}`);
  }

  stepIssues(id: string): Locator {
    return this.page.getByTestId(`step-issues-${id}`);
  }

  /** Drags a palette item onto the canvas, `dx` pixels right of a step (or at a point of the empty canvas). */
  async dragOntoCanvas(key: string, at: { rightOf: string; dx?: number } | { x: number; y: number }) {
    await this.closePanel(); // the whole canvas to drop on
    await this.canvasSettled();
    const canvasBox = await this.canvas.boundingBox();
    if (!canvasBox) throw new Error("the canvas is not shown");
    let target: { x: number; y: number };
    if ("rightOf" in at) {
      const box = await this.step(at.rightOf).boundingBox();
      if (!box) throw new Error(`step ${at.rightOf} is not shown`);
      target = { x: box.x - canvasBox.x + box.width + (at.dx ?? 160), y: box.y - canvasBox.y + box.height / 2 };
    } else target = at;
    await this.paletteItem(key).dragTo(this.canvas, { targetPosition: target });
  }

  /** Connects `source`'s output to `target`'s input by dragging between their handles. */
  async connect(source: string, target: string) {
    // a viewport still moving (a step brought into view) moves the handles under the drag
    await this.canvasSettled();
    await this.step(source).locator(".react-flow__handle.source").dragTo(this.step(target).locator(".react-flow__handle.target"));
  }

  /** Closes the step panel; the canvas may then move its steps into view (wait until they stand still). */
  async closePanel() {
    if (!(await this.panel.isVisible())) return;
    await this.panel.getByRole("button", { name: "Close the panel" }).click();
    await expect(this.panel).toBeHidden();
    await this.canvasSettled();
  }

  /** Waits until the canvas's viewport stops moving (an animated fit or centring). */
  async canvasSettled() {
    const viewport = this.canvas.locator(".react-flow__viewport");
    let last = "";
    await expect
      .poll(async () => {
        const now = (await viewport.getAttribute("style")) ?? "";
        const still = now === last;
        last = now;
        return still;
      }, { intervals: [150] })
      .toBe(true);
  }

  async openStep(id: string, tab: "settings" | "mapping" | "sample" = "settings") {
    // near its top-left corner: a step at the canvas's right edge may lie half under the open panel
    await expect(async () => {
      await this.step(id).click({ position: { x: 12, y: 12 } });
      await expect(this.panel).toHaveAttribute("aria-label", `Step ${id}`, { timeout: 2_000 });
    }).toPass({ timeout: 20_000 });
    await this.canvasSettled();
    await this.page.getByTestId(`panel-tab-${tab}`).click();
  }

  /** A settings field of the selected step (its label, input and message). */
  field(key: string): Locator {
    return this.panel.getByTestId(`field-${key}`);
  }

  fieldError(key: string): Locator {
    return this.panel.getByTestId(`field-error-${key}`);
  }

  get autocomplete(): Locator {
    return this.page.getByTestId("autocomplete");
  }

  autocompleteOption(path: string): Locator {
    return this.autocomplete.getByRole("option").filter({ has: this.page.getByText(path, { exact: true }) });
  }

  mappingKey(index: number): Locator {
    return this.panel.getByTestId(`mapping-key-${index}`);
  }

  mappingValue(index: number): Locator {
    return this.panel.getByTestId(`mapping-value-${index}`);
  }

  mappingPreview(index: number): Locator {
    return this.panel.getByTestId(`mapping-value-${index}-preview`);
  }

  mappingError(index: number): Locator {
    return this.panel.getByTestId(`mapping-value-${index}-error`);
  }

  sampleField(path: string): Locator {
    return this.panel.getByTestId(`sample-field-${path}`);
  }

  get addMappingField(): Locator {
    return this.panel.getByTestId("add-mapping-field");
  }

  /** On the open step's Mapping tab: one field per pair, its name and its expression (e.g. a table's columns). */
  async mapFields(fields: Array<[string, string]>) {
    await this.page.getByTestId("panel-tab-mapping").click();
    for (const [index, [key, expression]] of fields.entries()) {
      await this.addMappingField.click();
      await this.mappingKey(index).fill(key);
      await this.mappingValue(index).fill(expression);
    }
  }

  get sampleBody(): Locator {
    return this.panel.getByTestId("sample-body");
  }

  async saved() {
    await expect(this.saveStatus).toHaveAttribute("data-state", "saved", { timeout: 15_000 });
  }
}
