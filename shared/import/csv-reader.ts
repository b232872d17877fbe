import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse } from 'csv-parse';
import type { RowProblem } from '../domain/errors.ts';
import type { ProblemList } from './problems.ts';

/** A CSV file as the import receives it: text, bytes, or a stream of either. */
export type CsvContent = string | Buffer | Readable;

export interface CsvInput {
  /** Shown in every problem, e.g. `tenancies.csv`. */
  readonly name: string;
  readonly content: CsvContent;
}

/** The columns a file must have and may have; any other column is ignored. */
export interface CsvLayout<C extends string> {
  readonly required: readonly C[];
  readonly optional: readonly C[];
}

export interface CsvRow<C extends string> {
  /** The physical line the row starts on (1 is the header), counting lines inside quoted fields. */
  readonly line: number;
  /** Trimmed field values; `''` for an empty field and for an optional column the file lacks. */
  readonly values: Readonly<Record<C, string>>;
  /**
   * False when the row has more filled fields than the header has columns: most likely an unquoted
   * comma shifted it, so its values are not where the header says. The problem is already reported.
   */
  readonly aligned: boolean;
  /** A problem located at `field` of this row: its physical line and its 1-based header position. */
  problem(field: C, message: string): RowProblem;
}

const NEWLINES = /\r\n|\r|\n/g;
const newlineCount = (value: string): number =>
  value.includes('\n') || value.includes('\r') ? (value.match(NEWLINES)?.length ?? 0) : 0;

const toStream = (content: CsvContent): Readable =>
  content instanceof Readable ? content : Readable.from([content], { objectMode: false });

/**
 * Reads a CSV file row by row with csv-parse: UTF-8 with or without BOM, CRLF, LF or CR line ends,
 * RFC 4180 quoting (commas, quotes and line breaks inside quoted fields). The first non-empty line
 * is the header; column names are matched case-insensitively; empty lines and rows of empty fields
 * are skipped. `onRow` is called for each row as it is parsed, so a large file streams through.
 * Problems with the header or the CSV syntax go to `problems`: after a header problem no row is
 * passed on, after a syntax problem the file ends at that row.
 *
 * Rows are taken in csv-parse's `on_record` hook rather than from the stream: a syntax error
 * destroys the stream and would drop rows already parsed but not yet read. Line numbers are counted
 * here rather than taken from csv-parse, whose `info.lines` counts a CRLF inside a quoted field twice.
 */
export const readCsv = async <C extends string>(
  input: CsvInput,
  layout: CsvLayout<C>,
  problems: ProblemList,
  onRow: (row: CsvRow<C>) => void,
): Promise<void> => {
  const file = input.name;
  // Mutated by the parser's hook; a record keeps TypeScript from narrowing it away after the await.
  const state: { nextLine: number; header: Header<C> | undefined; refused: boolean } = {
    nextLine: 1,
    header: undefined,
    refused: false,
  };

  const onRecord = (record: string[]): null => {
    const line = state.nextLine;
    let spanned = 0;
    for (const value of record) spanned += newlineCount(value);
    state.nextLine = line + 1 + spanned;
    if (state.refused || record.every((value) => value.trim() === '')) return null;
    const header = state.header;
    if (header === undefined) {
      state.header = readHeader(file, line, record, layout, problems);
      state.refused = state.header === undefined;
      return null;
    }
    onRow(toRow(file, line, record, header, checkShape(file, line, record, header, problems)));
    return null; // nothing is pushed downstream: the row has been handled
  };

  const parser = parse({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: false,
    record_delimiter: ['\r\n', '\n', '\r'],
    trim: true,
    on_record: onRecord,
  });
  parser.resume();
  try {
    await pipeline(toStream(input.content), parser);
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const at = typeof error.column === 'number' ? error.column : 0;
    const names = state.header?.names;
    problems.add({
      file,
      line: state.nextLine,
      column: at + 1,
      field: names?.[at] ?? '',
      message: syntaxMessage(error),
    });
    return;
  }
  if (state.header === undefined && !state.refused) {
    problems.add({
      file,
      line: 1,
      column: 1,
      field: '',
      message: `the file is empty; expected a header row with ${layout.required.join(', ')}`,
    });
  }
};

interface Header<C extends string> {
  /** Column names as written in the file, lower-cased, by position. */
  readonly names: readonly string[];
  /** Position (0-based) of each column the layout knows; -1 when an optional column is absent. */
  readonly index: Readonly<Record<C, number>>;
}

const readHeader = <C extends string>(
  file: string,
  line: number,
  record: readonly string[],
  layout: CsvLayout<C>,
  problems: ProblemList,
): Header<C> | undefined => {
  const names = record.map((name) => name.trim().toLowerCase());
  const before = problems.count;
  const only = names[0] ?? '';
  if (names.length === 1 && /[;\t]/.test(only)) {
    problems.add({
      file,
      line,
      column: 1,
      field: '',
      message: `the header is separated by ${only.includes(';') ? 'semicolons' : 'tabs'}; separate the columns with commas`,
    });
    return undefined;
  }
  const index = {} as Record<C, number>;
  for (const column of [...layout.required, ...layout.optional]) {
    const first = names.indexOf(column);
    index[column] = first;
    const again = first === -1 ? -1 : names.indexOf(column, first + 1);
    if (again !== -1) {
      problems.add({
        file,
        line,
        column: again + 1,
        field: column,
        message: `column "${column}" appears twice in the header (columns ${first + 1} and ${again + 1})`,
      });
    }
  }
  for (const column of layout.required) {
    if (index[column] === -1) {
      problems.add({
        file,
        line,
        column: names.length + 1,
        field: column,
        message: `required column "${column}" is missing from the header`,
      });
    }
  }
  return problems.count === before ? { names, index } : undefined;
};

const toRow = <C extends string>(
  file: string,
  line: number,
  record: readonly string[],
  header: Header<C>,
  aligned: boolean,
): CsvRow<C> => {
  const values = {} as Record<C, string>;
  for (const column of Object.keys(header.index) as C[]) {
    const at = header.index[column];
    values[column] = at === -1 ? '' : (record[at] ?? '').trim();
  }
  return {
    line,
    values,
    aligned,
    problem: (field, message) => {
      const at = header.index[field];
      return {
        file,
        line: at === -1 ? line : lineOfField(line, record, at),
        column: at === -1 ? header.names.length + 1 : at + 1,
        field,
        message,
      };
    },
  };
};

const lineOfField = (line: number, record: readonly string[], position: number): number => {
  let at = line;
  for (let i = 0; i < position && i < record.length; i++) at += newlineCount(record[i] ?? '');
  return at;
};

/** Reports rows that cannot be read as they are; false when the values are not aligned with the header. */
const checkShape = <C extends string>(
  file: string,
  line: number,
  record: readonly string[],
  header: Header<C>,
  problems: ProblemList,
): boolean => {
  let aligned = true;
  // Fewer fields than columns is tolerated (exporters drop trailing empty fields). More non-empty
  // fields than columns usually means an unquoted comma shifted the row: nothing in it can be trusted.
  const lastFilled = record.findLastIndex((value) => value.trim() !== '');
  if (lastFilled >= header.names.length) {
    problems.add({
      file,
      line: lineOfField(line, record, header.names.length),
      column: header.names.length + 1,
      field: '',
      message: `the row has ${lastFilled + 1} fields but the header has ${header.names.length}; quote values that contain commas`,
    });
    aligned = false;
  }
  const garbled = record.findIndex((value) => value.includes('\uFFFD'));
  if (garbled !== -1) {
    problems.add({
      file,
      line: lineOfField(line, record, garbled),
      column: garbled + 1,
      field: header.names[garbled] ?? '',
      message: 'contains characters that are not UTF-8; save the file as UTF-8 (in Excel: "CSV UTF-8")',
    });
  }
  return aligned;
};

const syntaxMessage = (error: CsvError): string => {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field that starts in this row is never closed';
    case 'INVALID_OPENING_QUOTE':
      return 'a quote appears inside an unquoted field; put the whole field in quotes and double the quote ("")';
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return 'a closing quote is followed by more text; double quotes inside a quoted field ("")';
    case 'CSV_MAX_RECORD_SIZE':
      return 'the row is too long; check the quotes and the delimiter';
    default:
      return 'the row is not valid CSV';
  }
};
