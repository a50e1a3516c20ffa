import { XmlNode, childAt, childrenAt, rawTextAt, textAt } from './xmlNode';

function node(name: string, text = '', children: XmlNode[] = []): XmlNode {
  return { name, attributes: {}, text, children };
}

const host = node('HOST', '\n  ', [
  node('ID', ' 42 '),
  node('EMPTY', '   '),
  node('RESULTS', '\n  line one\n  line two\n'),
  node('TAGS', '', [node('TAG', '', [node('NAME', 'first')]), node('TAG', '', [node('NAME', 'second')])]),
  node('ONE', '', [node('TAG', '', [node('NAME', 'only')])]),
  node('NONE'),
]);

describe('childAt', () => {
  test('follows a path and takes the first match at each level', () => {
    expect(childAt(host, 'TAGS', 'TAG', 'NAME')?.text).toBe('first');
  });

  test('gives undefined for a missing step or a missing node', () => {
    expect(childAt(host, 'TAGS', 'MISSING', 'NAME')).toBeUndefined();
    expect(childAt(undefined, 'ID')).toBeUndefined();
  });
});

describe('childrenAt', () => {
  test('gives an empty array, one element or many, never an object', () => {
    expect(childrenAt(host, 'NONE', 'TAG')).toEqual([]);
    expect(childrenAt(host, 'ONE', 'TAG').map((t) => textAt(t, 'NAME'))).toEqual(['only']);
    expect(childrenAt(host, 'TAGS', 'TAG').map((t) => textAt(t, 'NAME'))).toEqual(['first', 'second']);
  });

  test('gives an empty array for an absent node or an empty path', () => {
    expect(childrenAt(undefined, 'TAGS')).toEqual([]);
    expect(childrenAt(host)).toEqual([]);
  });
});

describe('textAt', () => {
  test('trims the text at the path', () => {
    expect(textAt(host, 'ID')).toBe('42');
  });

  test('treats blank text, absent elements and elements with children as undefined', () => {
    expect(textAt(host, 'EMPTY')).toBeUndefined();
    expect(textAt(host, 'MISSING')).toBeUndefined();
    expect(textAt(host, 'TAGS')).toBeUndefined();
  });

  test('reads the node itself when no path is given', () => {
    expect(textAt(node('X', ' self '))).toBe('self');
  });
});

describe('rawTextAt', () => {
  test('keeps inner whitespace and line breaks', () => {
    expect(rawTextAt(host, 'RESULTS')).toBe('\n  line one\n  line two\n');
  });

  test('gives undefined for blank or absent text', () => {
    expect(rawTextAt(host, 'EMPTY')).toBeUndefined();
    expect(rawTextAt(host, 'MISSING')).toBeUndefined();
  });
});
