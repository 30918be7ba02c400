"use client";

import { useSyncExternalStore } from "react";

const FORMATS = {
  /** "Mar 5, 2026, 2:03 PM" */
  dateTime: { dateStyle: "medium", timeStyle: "short" },
  /** "Mar 5, 2026" */
  date: { dateStyle: "medium" },
  /** "Mar 5, 2026, 2:03:41 PM": moments seconds apart (a flow's state history) */
  seconds: { dateStyle: "medium", timeStyle: "medium" },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

const subscribeNothing = () => () => {};

/**
 * A moment in the reader's time zone and language. The server does not know them: it renders UTC
 * (said so), and the browser shows local time once it runs.
 */
export function DateTime({ value, format = "dateTime" }: { value: string | Date; format?: keyof typeof FORMATS }) {
  const inBrowser = useSyncExternalStore(
    subscribeNothing,
    () => true,
    () => false,
  );
  const date = new Date(value);
  const text = inBrowser
    ? new Intl.DateTimeFormat(undefined, FORMATS[format]).format(date)
    : `${new Intl.DateTimeFormat("en-US", { ...FORMATS[format], timeZone: "UTC" }).format(date)}${format === "date" ? "" : " UTC"}`;
  return (
    <time dateTime={date.toISOString()} title={inBrowser ? date.toLocaleString() : undefined}>
      {text}
    </time>
  );
}

