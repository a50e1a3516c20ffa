/**
 * A plain-text table with wrapped cells, for a terminal or a support ticket:
 * no colours, no box characters, only spaces.
 */
export interface Column {
  title: string;
  width: number;
}

export function formatTable(columns: Column[], rows: string[][]): string[] {
  const lines: string[] = [formatLine(columns, columns.map((c) => c.title))];
  lines.push(formatLine(columns, columns.map((c) => '-'.repeat(c.width))));
  for (const row of rows) {
    // A newline in a cell starts a new paragraph within it.
    const wrapped = columns.map((column, i) => (row[i] ?? '').split('\n').flatMap((part) => wrap(part, column.width)));
    const height = Math.max(...wrapped.map((cell) => cell.length));
    for (let line = 0; line < height; line++) {
      lines.push(formatLine(columns, wrapped.map((cell) => cell[line] ?? '')));
    }
  }
  return lines;
}

function formatLine(columns: Column[], cells: string[]): string {
  return cells
    .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(columns[i].width)))
    .join('  ')
    .trimEnd();
}

/** Words into lines of at most `width`; a longer word is cut. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let rest = word;
    while (rest.length > width) {
      if (current) {
        lines.push(current);
        current = '';
      }
      lines.push(rest.slice(0, width));
      rest = rest.slice(width);
    }
    if (!current) current = rest;
    else if (current.length + 1 + rest.length <= width) current += ` ${rest}`;
    else {
      lines.push(current);
      current = rest;
    }
  }
  if (current) lines.push(current);
  return lines.length ? lines : [''];
}
