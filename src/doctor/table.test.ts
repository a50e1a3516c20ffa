import { formatTable, wrap } from './table';

describe('wrap', () => {
  test('breaks between words when a line would pass the width', () => {
    expect(wrap('one two three four', 9)).toEqual(['one two', 'three', 'four']);
  });

  test('cuts a word when it alone is wider than the width', () => {
    expect(wrap('/api/2.0/fo/asset/host/', 10)).toEqual(['/api/2.0/f', 'o/asset/ho', 'st/']);
  });
});

describe('formatTable', () => {
  test('pads columns and continues wrapped cells on the next lines when cells are long', () => {
    const lines = formatTable(
      [
        { title: 'A', width: 6 },
        { title: 'B', width: 8 },
      ],
      [['first\nsecond', 'x y z long words']],
    );
    expect(lines).toEqual(['A       B', '------  --------', 'first   x y z', 'second  long', '        words']);
  });
});
