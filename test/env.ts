import os from 'node:os';
import path from 'node:path';

// The SDK's runtime pulls in aws-sdk v2, which prints an end-of-support notice
// on load; it says nothing about this project.
process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE = '1';

// Collections run by tests write their HTML run report to the temp folder,
// not over the report of the last real run in .j1-integration/.
process.env.QUALYS_REPORT_PATH ??= path.join(os.tmpdir(), 'graph-qualys-test-report.html');
