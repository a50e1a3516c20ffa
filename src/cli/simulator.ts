import { parseArgs } from 'node:util';
import { DEFAULT_USERS, SimulatorOptions, startSimulator } from '../simulator';

/**
 * Starts the loopback Qualys simulator from the command line:
 *
 *   node -r ts-node/register/transpile-only src/cli/simulator.ts --hosts 1000 --seed 7 --port 8123
 *
 * The first line printed is always `listening http://127.0.0.1:PORT`, so a
 * script can wait for it and read the URL. SIGINT or SIGTERM stops it.
 */

const USAGE = `usage: simulator [options]
  --seed N                  data and fault seed (1)
  --hosts N                 hosts (60)
  --detections N            mean detections per host (8)
  --web-apps N              web apps (4)
  --findings N              findings per scanned web app (6)
  --port N                  port on 127.0.0.1 (0: any free port)
  --concurrency N           VM API calls at once per endpoint (2)
  --rate N                  VM API calls per window per endpoint (300)
  --window N                rate window in seconds (3600)
  --max-truncation N        largest detection / host page honoured (1000)
  --now ISO                 instant the generated dates are relative to
  --error-rate R            503 maintenance page (0)
  --stall-rate R            body stalls, then the connection drops (0)
  --stall-ms N              stall length (60000)
  --truncate-rate R         body cut mid-element (0)
  --html-rate R             200 with an HTML page (0)
  --conflict-rate R         409 with code 1960 or 1965 (0)
  --wrong-content-type-rate R  200 text/plain garbage (0)
  --log                     print each request when it finishes

Rates R are shares of requests from 0 to 1. A request that drew a fault is
answered cleanly when it is repeated, so a collector that retries always gets
the whole subscription: faults test recovery, not give-up paths.
Users (password, persona) are printed when it starts: ${DEFAULT_USERS.map((u) => `${u.username} (${u.password}, ${u.persona})`).join(', ')}.`;

const NUMBER_OPTIONS = [
  'seed', 'hosts', 'detections', 'web-apps', 'findings', 'port', 'concurrency', 'rate', 'window',
  'max-truncation', 'error-rate', 'stall-rate', 'stall-ms', 'truncate-rate', 'html-rate',
  'conflict-rate', 'wrong-content-type-rate',
] as const;

type NumberOption = (typeof NUMBER_OPTIONS)[number];

function readOptions(argv: string[]): { options: SimulatorOptions; log: boolean } {
  const spec: Record<string, { type: 'string' | 'boolean' }> = {
    now: { type: 'string' },
    log: { type: 'boolean' },
    help: { type: 'boolean' },
  };
  for (const name of NUMBER_OPTIONS) spec[name] = { type: 'string' };
  const { values } = parseArgs({ args: argv, options: spec, strict: true });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const n = (name: NumberOption): number | undefined => {
    const raw = values[name];
    if (typeof raw !== 'string') return undefined;
    const value = Number(raw);
    if (!Number.isFinite(value)) throw new Error(`--${name} needs a number, not "${raw}"`);
    if (name.endsWith('-rate') && (value < 0 || value > 1)) throw new Error(`--${name} is a share of requests from 0 to 1, not "${raw}"`);
    if (!name.endsWith('-rate') && value < 0) throw new Error(`--${name} needs a number of 0 or more, not "${raw}"`);
    // No call could ever be answered: every one would be refused with 409.
    if ((name === 'concurrency' || name === 'rate' || name === 'window') && value < 1) {
      throw new Error(`--${name} needs at least 1, not "${raw}"`);
    }
    return value;
  };
  let now: number | undefined;
  if (typeof values.now === 'string') {
    now = Date.parse(values.now);
    if (Number.isNaN(now)) throw new Error(`--now needs an ISO date, not "${values.now}"`);
  }
  return {
    log: values.log === true,
    options: {
      seed: n('seed'),
      hosts: n('hosts'),
      detectionsPerHost: n('detections'),
      webApps: n('web-apps'),
      findingsPerWebApp: n('findings'),
      port: n('port'),
      now,
      maxTruncationLimit: n('max-truncation'),
      limits: { concurrency: n('concurrency'), ratePerWindow: n('rate'), windowSeconds: n('window') },
      faults: {
        errorRate: n('error-rate'),
        stallRate: n('stall-rate'),
        stallMs: n('stall-ms'),
        truncateRate: n('truncate-rate'),
        htmlRate: n('html-rate'),
        conflictRate: n('conflict-rate'),
        wrongContentTypeRate: n('wrong-content-type-rate'),
      },
    },
  };
}

async function main(): Promise<void> {
  let parsed: ReturnType<typeof readOptions>;
  try {
    parsed = readOptions(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`);
    process.exit(2);
  }
  const sim = await startSimulator(parsed.options);
  process.stdout.write(`listening ${sim.url}\n`);
  const faults = Object.entries(parsed.options.faults ?? {}).filter(([, value]) => value !== undefined);
  process.stdout.write(
    `${sim.subscription.hostCount} hosts, seed ${sim.subscription.seed}; users (password, persona):\n` +
      DEFAULT_USERS.map((u) => `  ${u.username} (${u.password}, ${u.persona})\n`).join('') +
      `faults: ${faults.length ? faults.map(([name, value]) => `${name}=${value}`).join(', ') : 'none'}\n`,
  );

  let logged = 0;
  const logTimer = parsed.log
    ? setInterval(() => {
        while (logged < sim.requests.length && sim.requests[logged].endedAt !== undefined) {
          const r = sim.requests[logged++];
          process.stdout.write(`${r.seq} ${r.method} ${r.path} ${r.status} ${(r.endedAt ?? r.startedAt) - r.startedAt} ms\n`);
        }
      }, 250)
    : undefined;

  const stop = (): void => {
    if (logTimer) clearInterval(logTimer);
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`simulator failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
