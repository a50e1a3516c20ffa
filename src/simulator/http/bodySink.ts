import { ServerResponse } from 'node:http';
import { FaultPlan } from './faults';

/**
 * Text is gathered into chunks of about this many characters before it is
 * written: large enough that a 400 MB response is not a million tiny writes,
 * small enough that memory stays flat. Body faults cut before this point, so
 * a cut always lands in text still held here.
 */
const FLUSH_AT = 64 * 1024;

/**
 * Streams a response body with backpressure: writers push text, and the
 * sink waits for the socket to drain whenever Node's buffer is full, so a
 * slow client slows generation instead of filling memory. It also carries
 * out the body faults (truncate, stall).
 */
export class BodySink {
  private parts: string[] = [];
  private held = 0;
  private sent = 0;
  private done = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly fault?: FaultPlan,
  ) {
    res.on('close', () => {
      this.done = true;
    });
  }

  /** True once the client went away or a fault ended the body: stop generating. */
  get stopped(): boolean {
    return this.done;
  }

  push(text: string): void {
    if (this.done) return;
    const cutAt = this.cutAt();
    if (cutAt !== undefined && this.sent + this.held + text.length > cutAt) {
      const keep = cutAt - this.sent - this.held;
      this.parts.push(text.slice(0, Math.max(0, keep)));
      this.fire();
      return;
    }
    this.parts.push(text);
    this.held += text.length;
  }

  /** Writes held text once enough has gathered; await it between records. */
  async maybeFlush(): Promise<void> {
    if (this.held >= FLUSH_AT) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.done || this.held === 0) return;
    const chunk = this.take();
    if (!this.res.write(chunk)) await drained(this.res);
  }

  /** Ends the body. A pending cut that was never reached lands inside what is held. */
  async end(): Promise<void> {
    if (this.done) return;
    if (this.cutAt() !== undefined) {
      const all = this.take();
      this.parts.push(all.slice(0, Math.floor(all.length * 0.6)));
      this.fire();
      return;
    }
    await this.flush();
    this.done = true;
    this.res.end();
  }

  private cutAt(): number | undefined {
    const kind = this.fault?.kind;
    return kind === 'truncate' || kind === 'stall' ? this.fault?.cutAt : undefined;
  }

  private take(): string {
    const chunk = this.parts.join('');
    this.parts = [];
    this.sent += this.held;
    this.held = 0;
    return chunk;
  }

  private fire(): void {
    const chunk = this.parts.join('');
    this.parts = [];
    this.done = true;
    if (this.fault?.kind === 'truncate') {
      this.res.end(chunk);
      return;
    }
    // Stall: what was sent stays, nothing more comes, and after stallMs the
    // connection is dropped without ending the body.
    this.res.write(chunk);
    const timer = setTimeout(() => this.res.destroy(), this.fault?.stallMs ?? 60_000);
    timer.unref();
    this.res.once('close', () => clearTimeout(timer));
  }
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const settle = (): void => {
      res.off('drain', settle);
      res.off('close', settle);
      resolve();
    };
    res.on('drain', settle);
    res.on('close', settle);
  });
}
