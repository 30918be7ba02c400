/** The Interflow logo mark (same drawing as app/icon.svg). */
export function InterflowMark({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" aria-hidden="true" className={className}>
      <rect width="32" height="32" rx="8" fill="#4f46e5" />
      <path d="M8 11h8a5 5 0 0 1 0 10H8" fill="none" stroke="#fff" strokeWidth="3" strokeLinecap="round" />
      <circle cx="24" cy="11" r="2.5" fill="#a5b4fc" />
      <circle cx="24" cy="21" r="2.5" fill="#fff" />
    </svg>
  );
}
