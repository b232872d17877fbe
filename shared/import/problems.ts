import { InvalidImportError, type RowProblem } from '../domain/errors.ts';

/** More problems than this are counted but not listed: a person fixes a file a hundred lines at a time. */
export const MAX_LISTED_PROBLEMS = 100;

/**
 * Collects every problem of an import, so one run reports them all instead of the first only.
 * Past the cap it keeps counting; the last listed entry then says how many more there were.
 */
export class ProblemList {
  readonly #problems: RowProblem[] = [];
  #total = 0;
  #last: RowProblem | undefined;

  constructor(private readonly cap: number = MAX_LISTED_PROBLEMS) {}

  add(problem: RowProblem): void {
    this.#total++;
    this.#last = problem;
    if (this.#problems.length < this.cap) this.#problems.push(problem);
  }

  get count(): number {
    return this.#total;
  }

  /** Throws InvalidImportError when anything was reported. */
  throwIfAny(): void {
    if (this.#total === 0) return;
    // In file order (the order files were read), then by line and column: the order a person fixes them.
    const files = [...new Set(this.#problems.map((p) => p.file))];
    const problems = [...this.#problems].sort(
      (a, b) => files.indexOf(a.file) - files.indexOf(b.file) || a.line - b.line || a.column - b.column,
    );
    const last = this.#last;
    if (this.#total > this.cap && last) {
      problems.push({
        file: last.file,
        line: last.line,
        column: last.column,
        field: last.field,
        message: `and ${this.#total - this.cap} more problem(s) up to this one; only the first ${this.cap} are listed`,
      });
    }
    throw new InvalidImportError(problems);
  }
}
