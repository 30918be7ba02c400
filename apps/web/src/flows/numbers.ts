/** Whole numbers in the reader's language: 1,204. */
export function formatCount(value: number): string {
  return new Intl.NumberFormat().format(value);
}

const BYTE_UNITS = ["B", "KB", "MB", "GB", "TB"] as const;

/** Sizes in 1024 steps, one decimal below 10: "0 B", "3.2 KB", "200 MB". */
export function formatBytes(value: number): string {
  let size = Math.max(0, value);
  let unit = 0;
  while (size >= 1024 && unit < BYTE_UNITS.length - 1) {
    size /= 1024;
    unit++;
  }
  const digits = unit > 0 && size < 10 ? 1 : 0;
  return `${new Intl.NumberFormat(undefined, { maximumFractionDigits: digits }).format(size)} ${BYTE_UNITS[unit]}`;
}
