/**
 * The report's only style sheet, inlined: the page loads nothing, so it reads
 * the same offline, from an attachment or from a locked-down share. Fonts are
 * the reader's own system fonts.
 */
export const REPORT_CSS = `
:root {
  --ink: #1d2430; --muted: #5b6472; --line: #dde2ea; --panel: #f6f8fb; --accent: #1f5fa8;
  --critical: #9b1c1c; --high: #d4580b; --medium: #c99700; --low: #3a78b8; --informational: #7b8794; --other: #a0a7b1;
  --warn-bg: #fff6e0; --warn-line: #e0b341; --ok-bg: #eaf6ee; --ok-line: #5aa469;
}
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 40px; color: var(--ink); background: #fff;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
header h1 { margin: 0 0 4px; font-size: 24px; }
header p { margin: 0; color: var(--muted); }
h2 { font-size: 16px; margin: 0 0 10px; }
section { margin-top: 22px; }
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; }
.tile { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.tile .value { display: block; font-size: 26px; font-weight: 650; }
.tile .value.unknown { font-size: 16px; line-height: 39px; color: #a14b00; }
.tile .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.tile .sub { color: var(--muted); font-size: 12px; }
.notice { border-radius: 8px; padding: 10px 14px; border: 1px solid; }
.notice.ok { background: var(--ok-bg); border-color: var(--ok-line); }
.notice.warn { background: var(--warn-bg); border-color: var(--warn-line); }
.notice ul { margin: 6px 0 0; padding-left: 20px; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 22px 32px; margin-top: 22px; }
.grid section { margin-top: 0; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 12px; color: var(--muted); font-weight: 600; text-transform: uppercase; letter-spacing: .03em; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.bar-cell { width: 35%; }
.bar { display: block; height: 10px; border-radius: 3px; background: var(--accent); min-width: 2px; }
.sev { display: inline-block; padding: 0 7px; border-radius: 9px; color: #fff; font-size: 12px; background: var(--other); }
.sev-critical { background: var(--critical); } .sev-high { background: var(--high); }
.sev-medium { background: var(--medium); } .sev-low { background: var(--low); }
.sev-informational, .sev-none { background: var(--informational); }
.bar.sev-critical, .bar.sev-high, .bar.sev-medium, .bar.sev-low, .bar.sev-informational { border-radius: 3px; padding: 0; }
.url, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 12px; }
.url { word-break: break-all; } .mono { white-space: nowrap; }
.empty { color: var(--muted); font-style: italic; }
.state-finished { color: #2f7a43; } .state-disabled { color: var(--muted); }
.state-not-reported, .state-finished-incomplete, .state-failed { color: #a14b00; font-weight: 600; }
footer { margin-top: 28px; color: var(--muted); font-size: 12px; }
@media print { body { padding: 0; } .grid { display: block; } .grid section { margin-top: 18px; } }
`;
