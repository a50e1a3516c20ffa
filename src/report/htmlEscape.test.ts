import { SafeHtml, escapeHtml, html } from './htmlEscape';

describe('escapeHtml', () => {
  test('replaces the five markup characters when text contains them', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  test('leaves text alone when it has no markup characters', () => {
    expect(escapeHtml('CVE-2024-1234 — Ünïcode')).toBe('CVE-2024-1234 — Ünïcode');
  });
});

describe('html', () => {
  test('escapes interpolated strings and numbers when they are not SafeHtml', () => {
    expect(html`<td>${'<b>'}</td><td>${42}</td>`.markup).toBe('<td>&lt;b&gt;</td><td>42</td>');
  });

  test('inserts SafeHtml and arrays of it as is when nested', () => {
    const cells = ['a<', 'b'].map((v) => html`<td>${v}</td>`);
    expect(html`<tr>${cells}</tr>`.markup).toBe('<tr><td>a&lt;</td><td>b</td></tr>');
    expect(html`${new SafeHtml('<br>')}`.markup).toBe('<br>');
  });

  test('writes nothing when a value is undefined or null', () => {
    expect(html`[${undefined}${null}]`.markup).toBe('[]');
  });
});
