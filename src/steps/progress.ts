import { ClientLogger } from '../qualys/client';

/**
 * Logs progress at a steady pace (one line per interval, whatever the
 * request rate): done of total, findings so far, rate and time left.
 */
export class ProgressReporter {
  private lastLogAt: number;
  private readonly startedAt: number;

  constructor(
    private readonly logger: ClientLogger,
    private readonly what: string,
    private readonly total: number,
    private readonly intervalMs = 15_000,
    private readonly now: () => number = Date.now,
  ) {
    this.startedAt = now();
    this.lastLogAt = this.startedAt;
  }

  update(done: number, findings: number): void {
    const now = this.now();
    if (now - this.lastLogAt < this.intervalMs) return;
    this.lastLogAt = now;
    const seconds = (now - this.startedAt) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const left = rate > 0 ? Math.round((this.total - done) / rate) : undefined;
    this.logger.info(
      { done, total: this.total, findings, perSecond: Math.round(rate), secondsLeft: left },
      `Progress: ${done} of ${this.total} ${this.what}, ${findings} findings so far, ${rate.toFixed(1)} ${this.what}/s${left !== undefined ? `, about ${formatDuration(left)} left` : ''}`,
    );
  }
}

function formatDuration(seconds: number): string {
  if (seconds < 90) return `${seconds} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
