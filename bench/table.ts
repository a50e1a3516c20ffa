import { ENDPOINT_PURPOSE, orderedEndpoints, shortEndpoint } from './endpoints';
import { QUIET_BUSY_SHARE } from './machine';
import { BenchSetup, MeasuredRun, SizeResult } from './types';

/** Formatting of the results: the console summary and bench/results.md. */

/** The earlier integration's figures on the same ladder (findings written, wall s, peak RSS MiB, API calls). */
export const REFERENCE: Record<number, { findings: number; wallSeconds: number; peakRssMiB: number; apiCalls: number }> = {
  1000: { findings: 14_256, wallSeconds: 6.3, peakRssMiB: 344, apiCalls: 18 },
  10000: { findings: 143_484, wallSeconds: 23.4, peakRssMiB: 613, apiCalls: 63 },
  50000: { findings: 717_607, wallSeconds: 108, peakRssMiB: 1086, apiCalls: 267 },
};

const TARGET_SIZE = 50000;
const WALL_RATIO_LIMIT = 1.2;
/** 100 MB, in MiB as RSS is reported. */
const RSS_MARGIN_MIB = 100e6 / 1024 ** 2;

const int = (n: number | undefined): string => (n === undefined || !Number.isFinite(n) ? '—' : Math.round(n).toLocaleString('en-US'));
const fixed = (n: number | undefined, digits = 1): string => (n === undefined || !Number.isFinite(n) ? '—' : n.toFixed(digits));
const signed = (n: number | undefined): string => (n === undefined || !Number.isFinite(n) ? '—' : `${n >= 0 ? '+' : '−'}${int(Math.abs(n))}`);
const ok = (met: boolean | undefined): string => (met === undefined ? 'not measured' : met ? '**met**' : '**not met**');

function findings(r: SizeResult): number | undefined {
  return r.product?.census.entitiesByType.qualys_host_finding;
}

function graphObjects(r: SizeResult): number | undefined {
  return r.product ? r.product.census.entities + r.product.census.relationships : undefined;
}

function wallRatio(r: SizeResult): number | undefined {
  if (!r.product || !r.parse || !r.floor) return undefined;
  return r.product.measurement.wallSeconds / (r.parse.measurement.wallSeconds + r.floor.measurement.wallSeconds);
}

/** The same ratio in CPU seconds: less moved by other work on the machine than wall time is. */
function cpuRatio(r: SizeResult): number | undefined {
  if (!r.product || !r.parse || !r.floor) return undefined;
  return r.product.measurement.cpuSeconds / (r.parse.measurement.cpuSeconds + r.floor.measurement.cpuSeconds);
}

function rssOverFloor(r: SizeResult): number | undefined {
  if (!r.product || !r.floor) return undefined;
  return r.product.measurement.peakRssMiB - r.floor.measurement.peakRssMiB;
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function mainTable(results: SizeResult[]): string {
  return table(
    [
      'hosts', 'findings', 'graph objects', 'wall s', 'findings/s', 'CPU s', 'peak RSS MiB', 'API calls',
      'parse floor wall s', 'parse floor RSS MiB', 'SDK floor wall s', 'SDK floor RSS MiB',
      'wall ÷ (parse + SDK)', 'CPU ÷ (parse + SDK)', 'RSS − SDK floor MiB',
    ],
    results.map((r) => {
      const p = r.product?.measurement;
      const f = findings(r);
      return [
        int(r.hosts), int(f), int(graphObjects(r)), fixed(p?.wallSeconds), int(f !== undefined && p ? f / p.wallSeconds : undefined),
        fixed(p?.cpuSeconds), int(p?.peakRssMiB), int(r.product?.calls.total),
        fixed(r.parse?.measurement.wallSeconds), int(r.parse?.measurement.peakRssMiB),
        fixed(r.floor?.measurement.wallSeconds), int(r.floor?.measurement.peakRssMiB),
        fixed(wallRatio(r), 2), fixed(cpuRatio(r), 2), signed(rssOverFloor(r)),
      ];
    }),
  );
}

export function callsTable(results: SizeResult[]): string {
  const endpoints = [...new Set(results.flatMap((r) => (r.product ? orderedEndpoints(r.product.calls) : [])))];
  return table(
    ['hosts', ...endpoints.map(shortEndpoint), 'total', 'refused (non-200)', 'parse floor calls'],
    results.map((r) => [
      int(r.hosts),
      ...endpoints.map((e) => int(r.product?.calls.calls[e] ?? 0)),
      int(r.product?.calls.total),
      int(Object.values(r.product?.calls.refused ?? {}).reduce((a, b) => a + b, 0)),
      int(r.parse?.calls.total),
    ]),
  );
}

export function endpointNotes(results: SizeResult[]): string {
  const endpoints = [...new Set(results.flatMap((r) => (r.product ? orderedEndpoints(r.product.calls) : [])))];
  return endpoints
    .map((e) => `- \`${e}\` (${shortEndpoint(e)}): ${ENDPOINT_PURPOSE[e] ?? 'not expected in a host-findings run; look into it'}.`)
    .join('\n');
}

export function referenceTable(results: SizeResult[]): string {
  return table(
    ['hosts', 'earlier wall s', 'wall s now', 'earlier peak RSS MiB', 'peak RSS MiB now', 'earlier API calls', 'API calls now'],
    Object.entries(REFERENCE).map(([hosts, ref]) => {
      const r = results.find((x) => x.hosts === Number(hosts));
      return [
        int(Number(hosts)), fixed(ref.wallSeconds), fixed(r?.product?.measurement.wallSeconds),
        int(ref.peakRssMiB), int(r?.product?.measurement.peakRssMiB), int(ref.apiCalls), int(r?.product?.calls.total),
      ];
    }),
  );
}

/** Peak RSS against the heap actually kept: the first depends on when the collector ran. */
export function memoryTable(results: SizeResult[]): string {
  return table(
    ['hosts', 'product peak RSS', 'SDK floor peak RSS', 'parse floor peak RSS', 'product live heap', 'SDK floor live heap', 'parse floor live heap', 'product − SDK floor live heap'],
    results.map((r) => [
      int(r.hosts),
      int(r.product?.measurement.peakRssMiB),
      int(r.floor?.measurement.peakRssMiB),
      int(r.parse?.measurement.peakRssMiB),
      int(r.product?.liveHeapMiB),
      int(r.floor?.liveHeapMiB),
      int(r.parse?.liveHeapMiB),
      signed(r.product?.liveHeapMiB !== undefined && r.floor?.liveHeapMiB !== undefined ? r.product.liveHeapMiB - r.floor.liveHeapMiB : undefined),
    ]),
  );
}

/** The four targets, judged at 50k hosts (or, marked as such, at the largest size measured). */
export function targetsSection(results: SizeResult[]): string {
  const at = results.find((r) => r.hosts === TARGET_SIZE && r.product);
  const measured = results.filter((r) => r.product);
  const r = at ?? measured[measured.length - 1];
  if (!r?.product) return 'No product run finished, so no target can be judged.';
  const p = r.product.measurement;
  const floors = r.parse && r.floor ? r.parse.measurement.wallSeconds + r.floor.measurement.wallSeconds : undefined;
  const ref = REFERENCE[TARGET_SIZE];
  const heading = at
    ? `At ${int(TARGET_SIZE)} hosts:`
    : `50,000 hosts were not measured in this run; judged at ${int(r.hosts)} hosts instead, against the 50k limits (indicative only):`;
  const rows = [
    [
      `wall ≤ ${WALL_RATIO_LIMIT} × (parse floor + SDK floor)`,
      `${fixed(p.wallSeconds)} s vs ${fixed(floors === undefined ? undefined : WALL_RATIO_LIMIT * floors)} s (ratio ${fixed(wallRatio(r), 2)})`,
      ok(floors === undefined ? undefined : p.wallSeconds <= WALL_RATIO_LIMIT * floors),
    ],
    [
      'peak RSS ≤ SDK floor + 100 MB',
      `${int(p.peakRssMiB)} MiB vs ${int(r.floor ? r.floor.measurement.peakRssMiB + RSS_MARGIN_MIB : undefined)} MiB (${signed(rssOverFloor(r))} MiB over the floor)`,
      ok(r.floor ? p.peakRssMiB <= r.floor.measurement.peakRssMiB + RSS_MARGIN_MIB : undefined),
    ],
    [`wall < ${ref.wallSeconds} s`, `${fixed(p.wallSeconds)} s`, ok(p.wallSeconds < ref.wallSeconds)],
    [`API calls < ${ref.apiCalls}`, int(r.product.calls.total), ok(r.product.calls.total < ref.apiCalls)],
  ];
  const cpu = `For comparison, in CPU seconds (less moved by other work on the machine): product ${fixed(p.cpuSeconds)} s, parse floor + SDK floor ${fixed(
    r.parse && r.floor ? r.parse.measurement.cpuSeconds + r.floor.measurement.cpuSeconds : undefined,
  )} s, ratio ${fixed(cpuRatio(r), 2)}.`;
  const live =
    r.product.liveHeapMiB !== undefined && r.floor?.liveHeapMiB !== undefined
      ? ` In live heap (largest heap left after a full collection, less moved by when the collector runs): product ${int(r.product.liveHeapMiB)} MiB, SDK floor ${int(r.floor.liveHeapMiB)} MiB (${signed(r.product.liveHeapMiB - r.floor.liveHeapMiB)} MiB).`
      : '';
  // The earlier integration wrote fewer findings from a subscription of the
  // same shape, so its wall time and this one's are not for the same work.
  const findings = r.product.census.entitiesByType.qualys_host_finding;
  const pace =
    at && findings
      ? ` Per finding: the earlier integration wrote ${int(ref.findings)} findings in ${fixed(ref.wallSeconds)} s (${int(ref.findings / ref.wallSeconds)} findings/s); this run wrote ${int(findings)} in ${fixed(p.wallSeconds)} s (${int(findings / p.wallSeconds)} findings/s).`
      : '';
  return `${heading}\n\n${table(['target', 'measured', 'verdict'], rows)}\n\n${cpu}${live}${pace}`;
}

/** How closely the SDK floor's graph matches the product's: the floor is only a floor if it writes the same. */
export function floorFidelityTable(results: SizeResult[]): string {
  const pair = (a: number | undefined, b: number | undefined, digits = 0): string =>
    `${digits ? fixed(a, digits) : int(a)} / ${digits ? fixed(b, digits) : int(b)}`;
  return table(
    ['hosts', 'entities', 'relationships (mapped)', 'graph files', 'entity properties', 'entity JSON bytes', 'mapped relationship JSON bytes'],
    results
      .filter((r) => r.product && r.floor)
      .map((r) => {
        const p = r.product?.census;
        const f = r.floor?.census;
        return [
          int(r.hosts),
          pair(p?.entities, f?.entities),
          pair(p?.mappedRelationships, f?.mappedRelationships),
          pair(p?.graphFiles, f?.graphFiles),
          pair(p?.entityShape.properties, f?.entityShape.properties, 1),
          pair(p?.entityShape.bytes, f?.entityShape.bytes),
          pair(p?.mappedShape.bytes, f?.mappedShape.bytes),
        ];
      }),
  );
}

function contentionCells(run: MeasuredRun | undefined): string[] {
  if (!run) return ['—', '—', '—', '—'];
  const c = run.contention;
  return [
    c.busyBefore === undefined ? '—' : `${Math.round(c.busyBefore * 100)} %`,
    fixed(run.measurement.loadAtStart, 2),
    fixed(c.simulatorCpuSeconds),
    fixed(c.otherCpuSeconds),
  ];
}

export function contentionTable(results: SizeResult[]): string {
  const rows: string[][] = [];
  for (const r of results) {
    rows.push([int(r.hosts), 'parse floor', ...contentionCells(r.parse)]);
    rows.push([int(r.hosts), 'product', ...contentionCells(r.product)]);
    rows.push([int(r.hosts), 'SDK floor', ...contentionCells(r.floor)]);
  }
  return table(['hosts', 'run', 'machine busy before', 'load avg at start', 'simulator CPU s', 'other CPU s during run'], rows);
}

/** Every attempt's wall time, when measurements were repeated. */
export function repeatsTable(results: SizeResult[]): string {
  const walls = (run: MeasuredRun | undefined): string => (run ? run.attemptWallSeconds.map((w) => fixed(w)).join(', ') : '—');
  return table(
    ['hosts', 'parse floor wall s', 'product wall s', 'SDK floor wall s'],
    results.map((r) => [int(r.hosts), walls(r.parse), walls(r.product), walls(r.floor)]),
  );
}

export function problemsSection(results: SizeResult[]): string {
  const lines = results.flatMap((r) => r.problems.map((p) => `- ${int(r.hosts)} hosts: ${p}`));
  return lines.length ? lines.join('\n') : 'None: every step succeeded, every product run wrote one finding per simulated detection, and every SDK floor wrote the same number of entities and relationships as its product run.';
}

export function consoleSummary(results: SizeResult[]): string {
  return [mainTable(results), '', callsTable(results), '', targetsSection(results), '', 'Problems:', problemsSection(results)].join('\n');
}

export function resultsMarkdown(setup: BenchSetup, results: SizeResult[]): string {
  const m = setup.machine;
  const settings = Object.entries(setup.productSettings)
    .map(([k, v]) => `\`${k}=${v}\``)
    .join(', ');
  return `# Scale benchmark: host findings

Measured ${setup.startedAt.toISOString()} with \`${setup.command}\`.

Machine: ${m.cores} × ${m.cpuModel}, ${fixed(m.memoryGiB)} GiB memory, ${m.platform}, Node ${m.node}.
Times and peak RSS are from ${setup.method}, per child process.
${setup.heapCapMiB === undefined ? 'Node ran with its default heap limit, so peak RSS includes garbage the collector had not yet reclaimed; at 50k hosts it moved by several hundred MiB between otherwise alike runs.' : `The measured children ran with \`--max-old-space-size=${setup.heapCapMiB}\`.`}

**Read with care.** The simulator runs in its own process but on the same
${m.cores} cores: while the collector parses one detection page the simulator
is generating it, so every wall time here includes competition for the cores
that a real Qualys server would not cause (the simulator's CPU per run is in
the contention table below). Other work on this machine also shows there.

Setup: ${int(setup.detectionsPerHost)} detections per host on average (seed ${setup.seed}),
${setup.webApps} web apps with ${setup.findingsPerWebApp} findings each, simulator limits
concurrency 10 and a rate budget no run can reach. Product settings: ${settings}
(every detection of the subscription is in scope, so findings ≈ hosts × ${setup.detectionsPerHost}).

Each size gets a fresh simulator and three measured runs, in this order
(before each, dirty pages are synced to disk${setup.quietWaitSeconds > 0 ? ` and the bench waits up to ${setup.quietWaitSeconds} s for the machine to be under ${QUIET_BUSY_SHARE * 100} % busy` : ''}${setup.repeat > 1 ? `; each run is made ${setup.repeat} times and the fastest attempt without a problem is kept, as other work on the machine only ever adds time` : ''}):

1. **parse floor** (\`bench/parseFloor.ts\`): the same host id list, host
   assets, detections (batches of 1,000 hosts) and knowledge base through the
   product's own client and streaming readers, only counting records.
2. **product**: \`j1-integration collect\` in a scratch copy of the project.
3. **SDK floor** (\`bench/sdkFloor\`): \`j1-integration collect\` of a one-step
   integration writing, from a counter, as many entities and relationships as
   the product wrote, with the same average property count, key length and
   JSON size, and the same mix of mapped relationship types, each carrying a
   target entity.

## Results

${mainTable(results)}

## Memory (MiB)

Peak RSS is what the targets use. Live heap is the largest heap left after a
full (mark-compact) collection, read from \`node --trace-gc\`: what the run
had to keep, without the garbage the collector had not yet reclaimed, which
makes up most of the peak.

${memoryTable(results)}

## API calls by endpoint (counted by the simulator)

${callsTable(results)}

Why each call is made:

${endpointNotes(results)}

## Targets

${targetsSection(results)}

## The earlier integration, for comparison

${referenceTable(results)}

## The SDK floor against the product (product / floor)

${floorFidelityTable(results)}

The SDK buffers 500 objects and then writes one file per object type in
the buffer, so the order of writes decides the number of files. The floor
writes in the product's order (per host: a SCANS, then each finding with its
HAS of the host's kind and its IS relationships), shares target entities per
host and per QID as the product does, and hands objects to the SDK the same
way (GraphObjectBatcher: batches of 500 of one type), so both write about
one full file per 500 objects.

${setup.repeat > 1 ? `## Every attempt (wall seconds, the kept one is the fastest)\n\n${repeatsTable(results)}\n\n` : ''}## Contention

Busy share and load are sampled just before each run; the simulator's CPU
and everything else's CPU are counted over the run (from /proc). Other CPU
above zero means the run shared the ${m.cores} cores with work outside the bench.

${contentionTable(results)}

## Problems

${problemsSection(results)}

## How to run

\`\`\`sh
npm run bench                          # 1k, 10k and 50k hosts (about 10 minutes)
npm run bench -- --sizes 1000          # a quick check
npm run bench -- --with-100k           # adds 100k hosts
npm run bench -- --repeat 2            # each run twice, the fastest kept (on a busy machine)
npm run bench -- --help                # every option
\`\`\`
`;
}
