import { ClientLogger, QualysClient, QualysClientOptions } from '../client';
import { InstantClock } from './clocks';
import { TestServer } from './testServer';

export const USERNAME = 'api_user';
export const PASSWORD = 'pa55:w0rd-S3cret!';
/** The base64 half of the Authorization header the client must send. */
export const AUTHORIZATION = Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64');

export interface LogEntry {
  level: 'debug' | 'info' | 'warn';
  fields: object;
  message: string;
}

/** Keeps every log call, so tests can read what an operator would see. */
export class RecordingLogger implements ClientLogger {
  readonly entries: LogEntry[] = [];

  debug(fields: object, message: string): void {
    this.entries.push({ level: 'debug', fields, message });
  }

  info(fields: object, message: string): void {
    this.entries.push({ level: 'info', fields, message });
  }

  warn(fields: object, message: string): void {
    this.entries.push({ level: 'warn', fields, message });
  }

  get warnings(): string[] {
    return this.entries.filter((e) => e.level === 'warn').map((e) => e.message);
  }
}

/**
 * A client for a test server: waits are instant (and recorded), jitter is
 * zero, and retries are few so failing cases end quickly.
 */
export function clientFor(server: TestServer, options: Partial<QualysClientOptions> = {}) {
  const clock = new InstantClock();
  const logger = new RecordingLogger();
  const client = new QualysClient({
    apiUrl: server.url,
    username: USERNAME,
    password: PASSWORD,
    logger,
    clock,
    random: () => 0,
    idleTimeoutMs: 2_000,
    retry: { maxAttempts: 3, maxLimitAttempts: 4 },
    ...options,
  });
  return { client, clock, logger };
}
