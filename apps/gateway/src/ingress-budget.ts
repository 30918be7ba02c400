/**
 * What one gateway receives at once: request bodies being read, and their bytes (a body's declared
 * Content-Length, or the body limit when it declares none). Over either, a webhook is answered 503
 * with Retry-After before its body is read — many slow or large senders cannot make the gateway
 * buffer more than this, and whoever comes when there is room again is served.
 */
export class IngressBudget {
  private bodies = 0;
  private bytes = 0;

  constructor(private readonly limits: { bodies: number; bytes: number }) {}

  /** Reserves room for one body of `bytes`; a refusal in words, or undefined when taken (release it after). */
  take(bytes: number): string | undefined {
    if (this.bodies + 1 > this.limits.bodies) return `this gateway is receiving ${this.bodies} request bodies, its limit`;
    if (this.bytes + bytes > this.limits.bytes) return `this gateway is receiving ${this.bytes} bytes of request bodies and this one declares ${bytes}, over its limit of ${this.limits.bytes}`;
    this.bodies += 1;
    this.bytes += bytes;
    return undefined;
  }

  release(bytes: number): void {
    this.bodies -= 1;
    this.bytes -= bytes;
  }

  get inFlight(): { bodies: number; bytes: number } {
    return { bodies: this.bodies, bytes: this.bytes };
  }
}
