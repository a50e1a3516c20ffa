import { COLLECT_HOOK_TIMEOUT_MS, CollectOutcome, GraphObject, collectCase, mappedTarget } from '../helpers/collectRun';
import { describeCommonChecks } from '../helpers/commonChecks';
import { expectCleanRun, hostFindings, scansOfHost, sorted, theFinding } from '../helpers/graph';

const CASE = '04-host-asset-tag-shapes';
const QID = 90401;

/** Every entity and every mapped target of the run. */
function allObjects(run: CollectOutcome): GraphObject[] {
  return [...run.entities, ...run.relationships.map(mappedTarget).filter((t): t is GraphObject => !!t)];
}

describe('collector on case 04: host and cloud tags in odd shapes', () => {
  let run: CollectOutcome;
  beforeAll(async () => {
    run = await collectCase(CASE);
  }, COLLECT_HOOK_TIMEOUT_MS);

  describeCommonChecks(() => run);

  test('finishes as a clean success when tags come in odd shapes', () => {
    expectCleanRun(run);
  });

  test('writes one finding per host when tags are empty, odd, legacy or cloud tags', () => {
    expect(hostFindings(run)).toHaveLength(4);
    for (const host of [400001, 400002, 400003, 400004]) expect(theFinding(run, host, QID)).toBeDefined();
  });

  test('writes tags only as lists of text, never a placeholder, when tag containers are odd', () => {
    const odd = allObjects(run).filter((o) => o.tags !== undefined && !(Array.isArray(o.tags) && o.tags.every((t) => typeof t === 'string')));
    expect(odd.map((o) => o._key)).toEqual([]);
    const placeholders = allObjects(run).filter((o) => JSON.stringify(o).includes('INVALID_TAGS'));
    expect(placeholders.map((o) => o._key)).toEqual([]);
  });

  test('writes no tags when the tag list is empty', () => {
    expect(theFinding(run, 400001, QID).tags ?? []).toEqual([]);
  });

  test('keeps a numeric-looking name as text and skips the tag when it has no name', () => {
    expect(sorted(theFinding(run, 400002, QID).tags as string[])).toEqual(['2024', 'Env: Prod']);
  });

  test('reads tags when they come in the legacy TAG/NAME layout', () => {
    expect(theFinding(run, 400003, QID).tags).toEqual(['Legacy-Tag']);
  });

  test('keeps the Qualys tag "Name" when the EC2 instance has a tag with the same key', () => {
    expect(theFinding(run, 400004, QID).tags).toContain('Name');
    const [scans] = scansOfHost(run, 400004);
    const target = scans && mappedTarget(scans);
    expect(target?.tags).toContain('Name');
    expect(target?.['tag.Name']).toBe('web-04');
  });

  test('exposes EC2 tags as text properties when values are numeric or empty', () => {
    const withEc2Tags = allObjects(run).filter((o) => o['tag.Name'] === 'web-04');
    expect(withEc2Tags.length).toBeGreaterThan(0);
    for (const object of withEc2Tags) {
      expect(object).toMatchObject({ 'tag.CostCenter': '1200', 'tag.Owner': 'team@example.com' });
      expect([undefined, '']).toContain(object['tag.EmptyTag']);
    }
    const objectTags = allObjects(run).flatMap((o) =>
      Object.entries(o).filter(([k, v]) => k.startsWith('tag.') && typeof v !== 'string').map(([k]) => `${String(o._key)} ${k}`),
    );
    expect(objectTags).toEqual([]);
  });
});
