import { Readable } from 'node:stream';

/**
 * Large Qualys-shaped XML bodies for the huge-response case, made while they
 * are sent so that neither the test nor the mock holds them in memory. All
 * data is synthetic: ids from 1,500,000, addresses from 198.18.0.0/15,
 * `example.com` names, QIDs from 95,000.
 */

export const HUGE = {
  firstHostId: 1_500_000,
  hosts: 3000,
  detectionsPerHost: 50,
  resultsBytes: 400,
  firstQid: 95_000,
  /** The host of the single oversized RESULTS text: the id after the 3000. */
  hugeTextHostId: 1_503_000,
  hugeTextBytes: 12_000_000,
};

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" ?>\n';
const CHUNK_CHARS = 1 << 16;

/** Turns a generator of text pieces into a stream of ~64 KB chunks. */
function streamOf(pieces: () => Generator<string>): Readable {
  function* chunks(): Generator<string> {
    let pending = '';
    for (const piece of pieces()) {
      pending += piece;
      if (pending.length >= CHUNK_CHARS) {
        yield pending;
        pending = '';
      }
    }
    if (pending) yield pending;
  }
  return Readable.from(chunks(), { objectMode: false });
}

function addressOf(index: number): string {
  return `198.${18 + ((index >> 16) & 1)}.${(index >> 8) & 0xff}.${index & 0xff}`;
}

/** Printable scan-output text of exactly `length` characters. */
function scanText(length: number, seed: number): string {
  const row = `probe ${seed}: service banner EXAMPLE/${seed % 89} accepted a legacy cipher; `;
  return row.repeat(Math.ceil(length / row.length)).slice(0, length);
}

export function hostListBody(firstHostId: number, hosts: number): Readable {
  return streamOf(function* () {
    yield `${XML_DECLARATION}<HOST_LIST_OUTPUT>\n  <RESPONSE>\n    <DATETIME>2026-11-30T21:00:00Z</DATETIME>\n    <ID_SET>\n`;
    for (let i = 0; i < hosts; i++) yield `      <ID>${firstHostId + i}</ID>\n`;
    yield '    </ID_SET>\n  </RESPONSE>\n</HOST_LIST_OUTPUT>\n';
  });
}

/** Detections of the given hosts (ids of the 3000-host estate), 50 each. */
export function detectionsBody(hostIds: readonly number[]): Readable {
  return streamOf(function* () {
    yield `${XML_DECLARATION}<HOST_LIST_VM_DETECTION_OUTPUT>\n  <RESPONSE>\n    <DATETIME>2026-11-30T21:01:00Z</DATETIME>\n    <HOST_LIST>\n`;
    for (const id of hostIds) {
      const index = id - HUGE.firstHostId;
      yield `      <HOST>\n        <ID>${id}</ID>\n        <IP>${addressOf(index)}</IP>\n        <TRACKING_METHOD>IP</TRACKING_METHOD>\n` +
        `        <DNS><![CDATA[big-${index}.example.com]]></DNS>\n        <DETECTION_LIST>\n`;
      for (let d = 0; d < HUGE.detectionsPerHost; d++) {
        yield '          <DETECTION>' +
          `<QID>${HUGE.firstQid + d}</QID><TYPE>Confirmed</TYPE><SEVERITY>4</SEVERITY>` +
          `<PORT>${1000 + d}</PORT><PROTOCOL>tcp</PROTOCOL><SSL>0</SSL>` +
          `<RESULTS><![CDATA[${scanText(HUGE.resultsBytes, index * HUGE.detectionsPerHost + d)}]]></RESULTS>` +
          '<STATUS>Active</STATUS><FIRST_FOUND_DATETIME>2026-11-01T00:00:00Z</FIRST_FOUND_DATETIME>' +
          '<LAST_FOUND_DATETIME>2026-11-29T00:00:00Z</LAST_FOUND_DATETIME><TIMES_FOUND>3</TIMES_FOUND>' +
          '<IS_IGNORED>0</IS_IGNORED><IS_DISABLED>0</IS_DISABLED></DETECTION>\n';
      }
      yield '        </DETECTION_LIST>\n      </HOST>\n';
    }
    yield '    </HOST_LIST>\n  </RESPONSE>\n</HOST_LIST_VM_DETECTION_OUTPUT>\n';
  });
}

/** Knowledge-base records for the first `count` QIDs from 95,000. */
export function knowledgeBaseBody(count: number): Readable {
  return streamOf(function* () {
    yield `${XML_DECLARATION}<KNOWLEDGE_BASE_VULN_LIST_OUTPUT>\n  <RESPONSE>\n    <DATETIME>2026-11-30T21:02:00Z</DATETIME>\n    <VULN_LIST>\n`;
    for (let d = 0; d < count; d++) {
      yield `      <VULN><QID>${HUGE.firstQid + d}</QID><VULN_TYPE>Vulnerability</VULN_TYPE>` +
        `<SEVERITY_LEVEL>4</SEVERITY_LEVEL><TITLE><![CDATA[Synthetic weakness ${d}]]></TITLE></VULN>\n`;
    }
    yield '    </VULN_LIST>\n  </RESPONSE>\n</KNOWLEDGE_BASE_VULN_LIST_OUTPUT>\n';
  });
}

/** One host whose only detection carries a single 12 MB RESULTS text node. */
export function hugeTextBody(): Readable {
  return streamOf(function* () {
    yield `${XML_DECLARATION}<HOST_LIST_VM_DETECTION_OUTPUT>\n  <RESPONSE>\n    <DATETIME>2026-11-30T21:03:00Z</DATETIME>\n    <HOST_LIST>\n` +
      `      <HOST>\n        <ID>${HUGE.hugeTextHostId}</ID>\n        <IP>198.19.255.254</IP>\n        <TRACKING_METHOD>IP</TRACKING_METHOD>\n        <DETECTION_LIST>\n` +
      `          <DETECTION><QID>${HUGE.firstQid}</QID><TYPE>Confirmed</TYPE><SEVERITY>4</SEVERITY><RESULTS><![CDATA[`;
    const block = scanText(CHUNK_CHARS, 7);
    for (let left = HUGE.hugeTextBytes; left > 0; left -= block.length) yield block.slice(0, Math.min(left, block.length));
    yield ']]></RESULTS><STATUS>Active</STATUS><TIMES_FOUND>1</TIMES_FOUND></DETECTION>\n' +
      '        </DETECTION_LIST>\n      </HOST>\n    </HOST_LIST>\n  </RESPONSE>\n</HOST_LIST_VM_DETECTION_OUTPUT>\n';
  });
}
