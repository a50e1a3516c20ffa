import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { profileMarkdown, summarizeProfile } from './cpuProfile';
import { censusOf, failedSteps } from './graphCensus';
import { killRunningChildren, measure } from './measure';
import { collectCommand, productScratch } from './scratch';
import { killRunningSimulators, startSimulatorProcess } from './simulatorHandle';
import { productEnvironment } from './settings';

/**
 * A CPU profile of one product run (`node --cpu-prof`), summarised by self
 * time. Not part of `npm run bench`: the profiler slows the run, so its
 * times are not comparable with the table.
 *
 *   node -r ts-node/register/transpile-only bench/profile.ts --hosts 10000
 *
 * Writes bench/out/profile-<hosts>/ (the .cpuprofile, loadable in Chrome
 * DevTools) and bench/out/profile-<hosts>.md, and prints the summary.
 */

const PROJECT_ROOT = path.resolve(__dirname, '..');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      hosts: { type: 'string', default: '10000' },
      detections: { type: 'string', default: '20' },
      top: { type: 'string', default: '25' },
    },
    strict: true,
  });
  const hosts = Number(values.hosts);
  const top = Number(values.top);
  const logDir = path.join(PROJECT_ROOT, `bench/out/profile-${hosts}`);
  fs.rmSync(logDir, { recursive: true, force: true });
  fs.mkdirSync(logDir, { recursive: true });

  const sim = await startSimulatorProcess({
    hosts,
    detectionsPerHost: Number(values.detections),
    seed: 1,
    webApps: 4,
    findingsPerWebApp: 6,
    projectRoot: PROJECT_ROOT,
    logDir,
  });
  const scratch = productScratch(PROJECT_ROOT);
  try {
    const run = await measure({
      label: 'product-profiled',
      ...collectCommand(scratch, ['--cpu-prof', '--cpu-prof-dir', logDir]),
      cwd: scratch.dir,
      env: productEnvironment(sim.url),
      timeoutMs: 30 * 60_000,
      logDir,
    });
    const failed = failedSteps(censusOf(scratch.outputDir));
    if (run.exitCode !== 0 || failed.length) {
      throw new Error(`the profiled run failed (${run.exitCode}; ${failed.join(', ')}); see ${run.stderrFile}`);
    }
    const file = fs.readdirSync(logDir).find((name) => name.endsWith('.cpuprofile'));
    if (!file) throw new Error(`no .cpuprofile in ${logDir}`);
    const summary = summarizeProfile(path.join(logDir, file), top);
    const text = profileMarkdown(
      summary,
      `CPU profile of the product at ${hosts.toLocaleString('en-US')} hosts (wall ${run.wallSeconds.toFixed(1)} s with the profiler on)`,
    );
    fs.writeFileSync(path.join(PROJECT_ROOT, `bench/out/profile-${hosts}.md`), text);
    console.log(text);
  } finally {
    scratch.remove();
    await sim.stop();
  }
}

main().catch((err: unknown) => {
  console.error(`profile failed: ${err instanceof Error ? err.message : String(err)}`);
  killRunningChildren();
  killRunningSimulators();
  process.exit(1);
});
