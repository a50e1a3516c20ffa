/**
 * `npm run doctor`: checks the configured Qualys access endpoint by endpoint
 * and exits with a code that names the first blocking cause. See
 * `npm run doctor -- --help` and README.md ("Doctor").
 */
import path from 'node:path';
import { runDoctor } from '../doctor/doctor';

runDoctor({
  argv: process.argv.slice(2),
  env: process.env,
  // `j1-integration collect` reads .env from the folder it runs in; so does this.
  dotEnvFile: path.join(process.cwd(), '.env'),
  out: (line) => process.stdout.write(`${line}\n`),
}).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`doctor failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
