import { HtmlValue, SafeHtml, html } from './htmlEscape';
import { Count, RunReport, SEVERITY_ORDER, StepState, TOP } from './reportData';
import { REPORT_CSS } from './reportStyle';

// The page may load nothing and run nothing: the policy forbids every fetch,
// script, frame and form, and allows only the inline style sheet. Should a
// value ever escape its escaping, the browser still refuses to act on it.
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; font-src 'none'; connect-src 'none'; script-src 'none'; frame-src 'none'; form-action 'none'; base-uri 'none'";

/**
 * A run's report as one self-contained HTML document. Pure: the same report
 * gives the same page. Every text that came from Qualys is escaped by the
 * `html` template; numbers a test reads back carry `data-figure` names.
 */
export function renderReport(report: RunReport): string {
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Qualys collection report</title>
<style>${new SafeHtml(REPORT_CSS)}</style>
</head>
<body>
<header>
<h1>Qualys collection report</h1>
<p>${report.apiUrl} · ${report.incremental ? 'incremental run (changes since the last successful run)' : 'full run'} · started ${isoTime(report.startedAt)} · run time ${duration(report.finishedAt - report.startedAt)}</p>
</header>
${tiles(report)}
${completenessNotice(report)}
<div class="grid">
${severitySection(report)}
${statusSection(report)}
${qidSection(report)}
${cveSection(report)}
${hostSection(report)}
${webAppSection(report)}
${completenessSection(report)}
${apiSection(report)}
</div>
<footer>Written at ${isoTime(report.finishedAt)} by the run's last step. Figures cover what this run collected; API calls count the collection steps (the credential check before them is not included).</footer>
</body>
</html>
`;
  return page.markup;
}

function tiles(report: RunReport): SafeHtml {
  const c = report.completeness;
  const unreported = c.steps.filter((s) => s.state === 'not reported' || s.state === 'failed').length;
  const unknownHosts = c.hostStep === 'disabled' ? 'turned off' : 'not reported';
  const hostsOf =
    c.hostsListed === undefined
      ? html`${c.hostStep === 'disabled' ? 'host findings are turned off' : 'the host step did not report'}${hidden(figure('hosts-listed', undefined, unknownHosts))}`
      : html`of ${figure('hosts-listed', c.hostsListed)} listed`;
  return html`<section class="tiles">
${tile('Host findings', figure('host-findings', report.hostFindings.total), severityLine(report.hostFindings.bySeverity))}
${tile('Web app findings', figure('web-app-findings', report.webAppFindings.total), severityLine(report.webAppFindings.bySeverity))}
${tile('Hosts processed', figure('hosts-processed', c.hostsProcessed, unknownHosts), hostsOf, c.hostsProcessed !== undefined)}
${tile('Hosts isolated', figure('hosts-isolated', c.isolatedHosts.length), 'detections unreadable')}
${tile('Problems', figure('problems', c.problems.length), unreported ? `${unreported} step(s) failed or not reported` : 'every enabled step reported')}
${tile('Retries', figure('retries', c.retries), 'failed calls tried again')}
${tile('API calls', figure('api-calls', report.apiCalls.total), `${report.apiCalls.byEndpoint.length} endpoint(s)`)}
</section>`;
}

function tile(label: string, value: SafeHtml, sub: HtmlValue, known = true): SafeHtml {
  return html`<div class="tile"><span class="label">${label}</span><span class="value${known ? '' : ' unknown'}">${value}</span><span class="sub">${sub}</span></div>`;
}

/** Present for readers of the markup (and tests), not drawn. */
function hidden(content: SafeHtml): SafeHtml {
  return html`<span hidden>${content}</span>`;
}

function completenessNotice(report: RunReport): SafeHtml {
  const c = report.completeness;
  const issues: string[] = [
    ...c.steps.filter((s) => s.state === 'failed').map((s) => `${s.name} (${s.id}) failed: ${s.failure ?? 'no message'}`),
    ...c.steps.filter((s) => s.state === 'not reported').map((s) => `${s.name} (${s.id}) did not report: it failed or did not run; its figures are missing here.`),
    ...c.steps.filter((s) => s.state === 'finished, incomplete').map((s) => `${s.name} (${s.id}) finished with parts missing (see Completeness).`),
    ...(c.isolatedHosts.length ? [`Detections of ${c.isolatedHosts.length} host(s) could not be read.`] : []),
  ];
  if (issues.length === 0) {
    return html`<section class="notice ok">Every enabled step finished and reported; no host was left out.</section>`;
  }
  return html`<section class="notice warn"><strong>This run is incomplete.</strong><ul>${issues.map((i) => html`<li>${i}</li>`)}</ul></section>`;
}

function severitySection(report: RunReport): SafeHtml {
  const names = [...new Set([...report.hostFindings.bySeverity, ...report.webAppFindings.bySeverity].map((c) => c.name))].sort(
    (a, b) => rank(a) - rank(b) || a.localeCompare(b),
  );
  const host = new Map(report.hostFindings.bySeverity.map((c) => [c.name, c.count]));
  const web = new Map(report.webAppFindings.bySeverity.map((c) => [c.name, c.count]));
  const max = Math.max(1, ...names.map((n) => (host.get(n) ?? 0) + (web.get(n) ?? 0)));
  const rows = names.map((name) => {
    const total = (host.get(name) ?? 0) + (web.get(name) ?? 0);
    return html`<tr><td>${severity(name)}</td><td class="n">${figure(`host-findings-${name}`, host.get(name) ?? 0)}</td><td class="n">${number(web.get(name) ?? 0)}</td><td class="bar-cell">${bar(total, max, name)}</td></tr>`;
  });
  return section('Findings by severity', html`<table><thead><tr><th>Severity</th><th class="n">Host</th><th class="n">Web app</th><th></th></tr></thead>
<tbody>${rows.length ? rows : emptyRow(4)}</tbody>
<tfoot><tr><th>Total</th><th class="n">${number(report.hostFindings.total)}</th><th class="n">${number(report.webAppFindings.total)}</th><th></th></tr></tfoot></table>`);
}

function statusSection(report: RunReport): SafeHtml {
  const counts = report.hostFindings.byStatus;
  const max = Math.max(1, ...counts.map((c) => c.count));
  const rows = counts.map((c) => html`<tr><td>${c.name}</td><td class="n">${figure(`status-${c.name}`, c.count)}</td><td class="bar-cell">${bar(c.count, max)}</td></tr>`);
  return section('Host findings by status', html`<table><thead><tr><th>Status</th><th class="n">Findings</th><th></th></tr></thead><tbody>${rows.length ? rows : emptyRow(3)}</tbody></table>`);
}

function qidSection(report: RunReport): SafeHtml {
  const rows = report.topQids.map(
    (q) => html`<tr><td class="mono">${q.qid}</td><td>${q.title ?? html`<span class="empty">not in the knowledge base</span>`}</td><td>${q.severity ? severity(q.severity) : ''}</td><td class="n">${number(q.count)}</td></tr>`,
  );
  return section(`Top ${TOP} QIDs (host findings)`, html`<table><thead><tr><th>QID</th><th>Title</th><th>Severity</th><th class="n">Findings</th></tr></thead><tbody>${rows.length ? rows : emptyRow(4)}</tbody></table>`);
}

function cveSection(report: RunReport): SafeHtml {
  const rows = report.topCves.map((c) => html`<tr><td class="mono">${c.name}</td><td class="n">${number(c.count)}</td></tr>`);
  return section(`Top ${TOP} CVEs (host and web app findings)`, html`<table><thead><tr><th>CVE</th><th class="n">Findings</th></tr></thead><tbody>${rows.length ? rows : emptyRow(2)}</tbody></table>`);
}

function hostSection(report: RunReport): SafeHtml {
  const hosts = report.hostsByTarget;
  const cloud = hosts.filter((h) => h.cloud).reduce((n, h) => n + h.count, 0);
  const other = hosts.filter((h) => !h.cloud).reduce((n, h) => n + h.count, 0);
  const max = Math.max(1, ...hosts.map((h) => h.count));
  const rows = hosts.map(
    (h) => html`<tr><td>${h.label}</td><td class="mono">${h.targetType}</td><td class="n">${figure(`hosts-${h.targetType}`, h.count)}</td><td class="bar-cell">${bar(h.count, max)}</td></tr>`,
  );
  return section('Hosts by cloud and on-premises', html`<table><thead><tr><th>Where</th><th>Graph type</th><th class="n">Hosts</th><th></th></tr></thead><tbody>${rows.length ? rows : emptyRow(4)}</tbody>
<tfoot><tr><th>Cloud / other</th><th></th><th class="n">${figure('hosts-cloud', cloud)} / ${figure('hosts-other', other)}</th><th></th></tr></tfoot></table>`);
}

function webAppSection(report: RunReport): SafeHtml {
  const rows = report.topWebApps.map(
    (a) => html`<tr><td>${a.name ?? html`<span class="empty">unnamed (id ${a.id})</span>`}</td><td class="url">${a.url ?? ''}</td><td class="n">${number(a.count)}</td></tr>`,
  );
  return section('Web apps with the most findings', html`<table><thead><tr><th>Web app</th><th>URL</th><th class="n">Findings</th></tr></thead><tbody>${rows.length ? rows : emptyRow(3)}</tbody></table>`);
}

function completenessSection(report: RunReport): SafeHtml {
  const c = report.completeness;
  const unknownHosts = c.hostStep === 'disabled' ? 'turned off' : 'not reported';
  const steps = c.steps.map((s) => html`<tr><td>${s.name}</td><td class="mono">${s.id}</td><td class="${stateClass(s.state)}">${s.state}</td></tr>`);
  const skips = c.skipped.map((s) => html`<tr><td>${s.reason}</td><td>${s.step}</td><td class="n">${number(s.count)}</td></tr>`);
  return section('Completeness', html`<table><tbody>
<tr><th>Hosts listed</th><td class="n">${figure('hosts-listed-detail', c.hostsListed, unknownHosts)}</td></tr>
<tr><th>Hosts processed</th><td class="n">${figure('hosts-processed-detail', c.hostsProcessed, unknownHosts)}</td></tr>
<tr><th>Hosts isolated</th><td class="n">${number(c.isolatedHosts.length)}${c.isolatedHosts.length ? html` <span class="mono">(${c.isolatedHosts.join(', ')})</span>` : ''}</td></tr>
<tr><th>Retries</th><td class="n">${number(c.retries)}</td></tr>
<tr><th>Problems</th><td class="n">${number(c.problems.length)}</td></tr>
</tbody></table>
${c.problems.length ? html`<ul>${c.problems.map((p) => html`<li>${p}</li>`)}</ul>` : ''}
<h2 style="margin-top:14px">Skipped</h2>
<table><thead><tr><th>Reason</th><th>Step</th><th class="n">Count</th></tr></thead><tbody>${skips.length ? skips : emptyRow(3, 'Nothing was skipped.')}</tbody></table>
<h2 style="margin-top:14px">Steps</h2>
<table><thead><tr><th>Step</th><th>Id</th><th>Status</th></tr></thead><tbody>${steps}</tbody></table>`);
}

function apiSection(report: RunReport): SafeHtml {
  const rows = report.apiCalls.byEndpoint.map((e) => html`<tr><td class="mono">${e.name}</td><td class="n">${number(e.count)}</td></tr>`);
  return section('API calls by endpoint', html`<table><thead><tr><th>Endpoint</th><th class="n">Calls</th></tr></thead><tbody>${rows.length ? rows : emptyRow(2)}</tbody>
<tfoot><tr><th>Total (retries included)</th><th class="n">${number(report.apiCalls.total)}</th></tr></tfoot></table>`);
}

function section(title: string, body: SafeHtml): SafeHtml {
  return html`<section><h2>${title}</h2>${body}</section>`;
}

/** A number a reader (or a test) can find by name; `unknown` says why it is missing. */
function figure(name: string, value: number | undefined, unknown = 'not reported'): SafeHtml {
  return html`<span data-figure="${name}">${value === undefined ? unknown : number(value)}</span>`;
}

function number(value: number): string {
  return value.toLocaleString('en-US');
}

function severityLine(counts: Count[]): string {
  return counts.length ? counts.map((c) => `${number(c.count)} ${c.name}`).join(' · ') : 'none';
}

function severity(name: string): SafeHtml {
  return html`<span class="sev ${severityClass(name)}">${name}</span>`;
}

function severityClass(name: string): string {
  return SEVERITY_ORDER.includes(name) ? `sev-${name}` : 'sev-other';
}

function bar(value: number, max: number, severityName?: string): SafeHtml {
  const width = Math.max(0, Math.min(100, Math.round((value / max) * 1000) / 10));
  const tone = severityName ? ` ${severityClass(severityName)}` : '';
  return html`<span class="bar${tone}" style="width:${width}%"></span>`;
}

function emptyRow(columns: number, text = 'None in this run.'): SafeHtml {
  return html`<tr><td colspan="${columns}" class="empty">${text}</td></tr>`;
}

function stateClass(state: StepState): string {
  return `state-${state.replace(/[^a-z]+/g, '-')}`;
}

function rank(name: string): number {
  const index = SEVERITY_ORDER.indexOf(name);
  return index === -1 ? SEVERITY_ORDER.length : index;
}

function isoTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

function duration(ms: number): string {
  const seconds = Math.max(0, ms) / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.floor(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
