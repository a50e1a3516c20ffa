import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** The Chromium binary of this machine (CHROMIUM_BIN wins), if there is one. */
export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM_BIN, ...CANDIDATES].filter((c): c is string => !!c);
  return candidates.find((candidate) => fs.existsSync(candidate));
}

/**
 * `unshare -rn` when this system allows it: Chromium then runs in a network
 * namespace of its own with no interface up, so nothing it tries can leave
 * the process, whatever its background services attempt. Elsewhere the
 * flags below still send every request to a closed loopback port.
 */
function networkIsolation(): string[] {
  try {
    execFileSync('unshare', ['-rn', 'true'], { stdio: 'ignore', timeout: 5_000 });
    return ['unshare', '-rn'];
  } catch {
    return [];
  }
}

export const ISOLATION = networkIsolation();

/**
 * Flags for a headless Chromium that can reach nothing: background services
 * off, every request sent to a proxy on a closed loopback port, and every
 * host name resolving to nothing. A page that needs the network shows
 * without it.
 */
function offlineFlags(profileDir: string): string[] {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-extensions',
    '--disable-default-apps',
    '--no-first-run',
    '--no-default-browser-check',
    '--no-pings',
    '--disable-domain-reliability',
    '--disable-features=NetworkTimeServiceQuerying',
    `--user-data-dir=${profileDir}`,
    '--proxy-server=127.0.0.1:9',
    '--host-resolver-rules=MAP * ~NOTFOUND',
  ];
}

function run(binary: string, args: string[], timeoutMs: number): Promise<string> {
  // unshare execs Chromium in place, so the timeout's signal reaches Chromium itself.
  const [command, ...rest] = [...ISOLATION, binary, ...args];
  return new Promise((resolve, reject) => {
    execFile(command, rest, { timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${path.basename(binary)} failed: ${err.message}\n${stderr.slice(-2000)}`));
      else resolve(stdout);
    });
  });
}

/** The DOM of a local file after Chromium has loaded it, offline. */
export function dumpDom(binary: string, file: string, profileDir: string): Promise<string> {
  return run(binary, [...offlineFlags(profileDir), '--dump-dom', pathToFileURL(file).href], 60_000);
}

/** A PNG of a local file as Chromium draws it, offline. */
export async function screenshot(binary: string, file: string, png: string, profileDir: string, size = '1280,2200'): Promise<void> {
  await run(binary, [...offlineFlags(profileDir), '--hide-scrollbars', `--window-size=${size}`, `--screenshot=${png}`, pathToFileURL(file).href], 60_000);
}
