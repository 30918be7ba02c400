"use client";

import type { FlowSettings, FlowSettingsChange } from "@interflow/flow";
import { NumberSetting } from "./number-setting";

type WebhookRate = NonNullable<FlowSettings["webhookRate"]>;

/**
 * How many webhooks a second the flow takes, from everyone together and from one sender, with the
 * bursts above that (a flow whose trigger is a webhook). Over them a sender gets 429 with
 * Retry-After and keeps its message; every gateway counts the same.
 */
export function WebhookRateSetting({
  value,
  issueAt,
  disabled,
  change,
}: {
  value: WebhookRate | undefined;
  issueAt: (path: string) => string | undefined;
  disabled: boolean;
  change: (settings: FlowSettingsChange) => string | null;
}) {
  const rate = value ?? {};
  const set = (key: keyof WebhookRate, n: number | undefined, whole: boolean) => {
    if (n !== undefined && (n <= 0 || (whole && !Number.isInteger(n)))) return whole ? "A whole number, at least 1, or empty" : "More than 0, or empty";
    return change({ webhookRate: { ...rate, [key]: n } });
  };
  const field = (key: keyof WebhookRate, label: string, placeholder: string, whole: boolean) => (
    <NumberSetting
      testKey={`webhookRate.${key}`}
      label={label}
      value={rate[key]}
      placeholder={placeholder}
      step={whole ? 1 : 0.1}
      min={whole ? 1 : 0.01}
      issue={issueAt(`webhookRate.${key}`)}
      disabled={disabled}
      onCommit={(n) => set(key, n, whole)}
    />
  );
  return (
    <fieldset data-testid="webhook-rate-setting">
      <legend className="text-sm font-medium text-slate-800">Webhook rates</legend>
      <p className="mt-0.5 text-xs text-slate-500">
        Requests a second the webhook takes; over them a sender gets 429 with Retry-After and keeps its message. Empty: no limit. A sender is known by its address (behind a proxy named in
        INTERFLOW_TRUSTED_PROXIES, by the address the proxy gives).
      </p>
      <div className="mt-2 grid grid-cols-2 gap-3">
        {field("perSecond", "From everyone (/s)", "no limit", false)}
        {field("burst", "Burst", "one second's worth", true)}
        {field("perSenderPerSecond", "From one sender (/s)", "no limit", false)}
        {field("senderBurst", "Sender burst", "one second's worth", true)}
      </div>
    </fieldset>
  );
}
