/** Alignment of a table column: text left, numbers right. */
export type ColumnAlignment = 'left' | 'right';

/** One column of a plain-text table. */
export interface TextColumn {
  readonly header: string;
  readonly align?: ColumnAlignment;
}

/**
 * Renders rows as a plain-text table: a header line, then one line per row, columns separated by two
 * spaces and padded to the widest cell. Trailing spaces are trimmed from every line.
 */
export function renderTextTable(columns: readonly TextColumn[], rows: readonly (readonly string[])[]): string {
  const widths = columns.map((column, index) =>
    Math.max(column.header.length, ...rows.map((row) => (row[index] ?? '').length)),
  );

  const renderLine = (cells: readonly string[]): string =>
    columns
      .map((column, index) => {
        const cell = cells[index] ?? '';
        const width = widths[index] ?? 0;
        return column.align === 'right' ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();

  return [renderLine(columns.map((column) => column.header)), ...rows.map(renderLine)].join('\n');
}
