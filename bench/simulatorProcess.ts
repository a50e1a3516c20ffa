import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { RecordedRequest, RunningSimulator, startSimulator } from '../src/simulator';
import { detectionCountOf } from '../src/simulator/model/detections';
import { EndpointCounts } from './endpoints';

/**
 * The Qualys simulator in a process of its own, so its CPU and memory are not
 * counted in any measured process (it still shares the machine's cores).
 *
 *   node -r ts-node/register/transpile-only bench/simulatorProcess.ts --hosts 10000
 *
 * Prints `listening <url>`, then `subscription <json>` with the hosts and the
 * detections it holds. A line `stats` on stdin prints `stats <json>`: the
 * requests so far by endpoint. SIGTERM, SIGINT or the end of stdin (the
 * parent is gone) prints `final <json>` and stops it.
 */

function countRequests(requests: readonly RecordedRequest[]): EndpointCounts {
  const counts: EndpointCounts = { calls: {}, refused: {}, total: requests.length };
  for (const request of requests) {
    const endpoint = `${request.method} ${request.path}`;
    counts.calls[endpoint] = (counts.calls[endpoint] ?? 0) + 1;
    if (request.status !== 200) counts.refused[endpoint] = (counts.refused[endpoint] ?? 0) + 1;
  }
  return counts;
}

function readArgs(): { hosts: number; detections: number; seed: number; webApps: number; findings: number } {
  const { values } = parseArgs({
    options: {
      hosts: { type: 'string' },
      detections: { type: 'string', default: '20' },
      seed: { type: 'string', default: '1' },
      'web-apps': { type: 'string', default: '4' },
      findings: { type: 'string', default: '6' },
    },
    strict: true,
  });
  const number = (name: string, raw: string | undefined): number => {
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`--${name} needs a whole number, not "${raw}"`);
    return value;
  };
  return {
    hosts: number('hosts', values.hosts),
    detections: number('detections', values.detections),
    seed: number('seed', values.seed),
    webApps: number('web-apps', values['web-apps']),
    findings: number('findings', values.findings),
  };
}

async function main(): Promise<void> {
  const args = readArgs();
  const sim: RunningSimulator = await startSimulator({
    seed: args.seed,
    hosts: args.hosts,
    detectionsPerHost: args.detections,
    webApps: args.webApps,
    findingsPerWebApp: args.findings,
    // The bench measures our code, not the subscription's budget: enough
    // parallel calls for every request the collector opens at once, and a
    // rate budget no run can exhaust.
    limits: { concurrency: 10, ratePerWindow: 1_000_000_000, windowSeconds: 3600 },
  });

  let detections = 0;
  for (let i = 0; i < args.hosts; i++) detections += detectionCountOf(args.seed, i, args.detections);
  process.stdout.write(`listening ${sim.url}\n`);
  process.stdout.write(`subscription ${JSON.stringify({ hosts: args.hosts, detections, seed: args.seed })}\n`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`final ${JSON.stringify(countRequests(sim.requests))}\n`);
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);

  const lines = readline.createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    if (line.trim() === 'stats') process.stdout.write(`stats ${JSON.stringify(countRequests(sim.requests))}\n`);
  });
  lines.on('close', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench simulator failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
