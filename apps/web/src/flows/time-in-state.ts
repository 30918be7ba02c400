import { useEffect, useState } from "react";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "for 12 s", "for 3 min", "for 2 h 5 min", "for 3 days": how long a flow has been in its state. */
export function formatTimeInState(elapsedMs: number): string {
  const elapsed = Math.max(0, elapsedMs);
  if (elapsed < MINUTE) return `for ${Math.floor(elapsed / SECOND)} s`;
  if (elapsed < HOUR) return `for ${Math.floor(elapsed / MINUTE)} min`;
  if (elapsed < DAY) {
    const hours = Math.floor(elapsed / HOUR);
    const minutes = Math.floor((elapsed % HOUR) / MINUTE);
    return minutes === 0 ? `for ${hours} h` : `for ${hours} h ${minutes} min`;
  }
  const days = Math.floor(elapsed / DAY);
  return days === 1 ? "for 1 day" : `for ${days} days`;
}

/** The current time, renewed every `intervalMs`. */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
