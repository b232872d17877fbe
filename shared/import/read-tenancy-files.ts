import type * as z from 'zod';
import { isTenancyId, type TenancyFile } from '../domain/tenancy.ts';
import { type CsvInput, type CsvRow, readCsv } from './csv-reader.ts';
import { ProblemList } from './problems.ts';
import {
  CASE_LAYOUT,
  type CaseColumn,
  CaseRowSchema,
  TENANCY_LAYOUT,
  type TenancyColumn,
  TenancyRowSchema,
} from './row-schemas.ts';

export interface TenancyImportInput {
  readonly tenancies: CsvInput;
  /** Without it every tenancy is read with no cases. */
  readonly cases?: CsvInput | undefined;
}

export interface TenancyImport {
  /** In the order of `tenancies.csv`; each file's cases in the order of `cases.csv`. */
  readonly files: TenancyFile[];
  readonly tenancyRows: number;
  readonly caseRows: number;
}

interface KnownTenancy {
  readonly line: number;
  /** Undefined when the row had a problem: its id is still known, so cases.csv is not blamed for it. */
  readonly file: TenancyFile | undefined;
}

/**
 * Reads and checks both files completely, then returns the tenancy files, or throws
 * InvalidImportError listing every problem (up to the cap) with file, line, column and field.
 * Besides each row on its own: tenancy and case ids are unique, every case belongs to a tenancy in
 * the tenancies file, a tenancy has at most one open case, and a resolution fits the status.
 */
export const readTenancyFiles = async (input: TenancyImportInput): Promise<TenancyImport> => {
  const problems = new ProblemList();
  const tenancies = new Map<string, KnownTenancy>();
  let tenancyRows = 0;
  await readCsv(input.tenancies, TENANCY_LAYOUT, problems, (row) => {
    tenancyRows++;
    readTenancyRow(row, tenancies, problems);
  });

  let caseRows = 0;
  if (input.cases) {
    const cases: CaseContext = {
      tenanciesFile: input.tenancies.name,
      tenancies,
      caseLines: new Map(),
      openCases: new Map(),
    };
    await readCsv(input.cases, CASE_LAYOUT, problems, (row) => {
      caseRows++;
      readCaseRow(row, cases, problems);
    });
  }

  problems.throwIfAny();
  const files: TenancyFile[] = [];
  for (const known of tenancies.values()) if (known.file) files.push(known.file);
  return { files, tenancyRows, caseRows };
};

const readTenancyRow = (
  row: CsvRow<TenancyColumn>,
  tenancies: Map<string, KnownTenancy>,
  problems: ProblemList,
): void => {
  const id = row.values.tenancy_id;
  const earlier = isTenancyId(id) ? tenancies.get(id) : undefined;
  if (earlier) {
    problems.add(row.problem('tenancy_id', `tenancy ${id} is already on line ${earlier.line}`));
    return;
  }
  if (!row.aligned) {
    if (isTenancyId(id)) tenancies.set(id, { line: row.line, file: undefined });
    return;
  }
  const parsed = TenancyRowSchema.safeParse(row.values);
  if (!parsed.success) reportIssues(row, parsed.error, problems);
  if (isTenancyId(id)) {
    tenancies.set(id, {
      line: row.line,
      file: parsed.success ? { tenancy: parsed.data, cases: [] } : undefined,
    });
  }
};

interface CaseContext {
  readonly tenanciesFile: string;
  readonly tenancies: ReadonlyMap<string, KnownTenancy>;
  /** The line of each case id seen so far. */
  readonly caseLines: Map<string, number>;
  /** The open case of each tenancy seen so far. */
  readonly openCases: Map<string, { readonly caseId: string; readonly line: number }>;
}

const readCaseRow = (row: CsvRow<CaseColumn>, context: CaseContext, problems: ProblemList): void => {
  const { case_id: caseId, tenancy_id: tenancyId } = row.values;
  const status = row.values.status.toLowerCase();
  let ok = row.aligned;

  const earlierLine = caseId === '' ? undefined : context.caseLines.get(caseId);
  if (earlierLine !== undefined) {
    problems.add(row.problem('case_id', `case ${caseId} is already on line ${earlierLine}`));
    ok = false;
  } else if (caseId !== '') {
    context.caseLines.set(caseId, row.line);
  }
  if (!row.aligned) return;

  const parsed = CaseRowSchema.safeParse(row.values);
  if (!parsed.success) {
    reportIssues(row, parsed.error, problems);
    ok = false;
  }

  const resolution = row.values.resolution;
  if (status === 'closed' && resolution === '') {
    problems.add(
      row.problem('resolution', 'is required for a closed case: housing_secured, housing_lost or other'),
    );
    ok = false;
  } else if (status === 'open' && resolution !== '') {
    problems.add(row.problem('resolution', 'must be empty for an open case'));
    ok = false;
  }

  const tenancy = isTenancyId(tenancyId) ? context.tenancies.get(tenancyId) : undefined;
  if (isTenancyId(tenancyId) && !tenancy) {
    problems.add(row.problem('tenancy_id', `tenancy ${tenancyId} is not in ${context.tenanciesFile}`));
    ok = false;
  }
  if (tenancy && status === 'open') {
    const open = context.openCases.get(tenancyId);
    if (open) {
      problems.add(
        row.problem(
          'status',
          `tenancy ${tenancyId} already has an open case (${open.caseId} on line ${open.line}); a tenancy has at most one open case`,
        ),
      );
      ok = false;
    } else {
      context.openCases.set(tenancyId, { caseId, line: row.line });
    }
  }

  if (ok && parsed.success && tenancy?.file) tenancy.file.cases.push(parsed.data);
};

const reportIssues = <C extends string>(row: CsvRow<C>, error: z.ZodError, problems: ProblemList): void => {
  for (const issue of error.issues) {
    const column = issue.path[0];
    if (typeof column === 'string' && column in row.values) {
      problems.add(row.problem(column as C, issue.message));
    } else {
      problems.add({ ...row.problem(firstColumn(row), issue.message), field: '' });
    }
  }
};

const firstColumn = <C extends string>(row: CsvRow<C>): C => Object.keys(row.values)[0] as C;
