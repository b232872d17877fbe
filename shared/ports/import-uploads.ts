import type { Readable } from 'node:stream';
import type {
  ImportId,
  ImportManifest,
  ImportProgress,
  ImportReport,
  UploadedFile,
} from '../import/uploads.ts';

/** Where uploaded imports wait (the import bucket), as the import function uses it. */
export interface ImportUploads {
  /** Whether the import already has a report: it ran before (a repeated event). */
  hasReport(importId: ImportId): Promise<boolean>;
  /** The import's manifest; InvalidManifestError when it is missing, not JSON or not a manifest. */
  readManifest(importId: ImportId, versionId?: string): Promise<ImportManifest>;
  /**
   * One file of the import as a stream, opened when it is first read (so the second file's
   * connection does not idle while the first is parsed); a missing file fails the stream with
   * UploadedFileMissingError.
   */
  open(importId: ImportId, file: UploadedFile): Readable;
  writeProgress(progress: ImportProgress): Promise<void>;
  /**
   * Writes the report unless the import has one already: `exists` when another run of the same
   * event got there first, so one import has exactly one report.
   */
  writeReport(report: ImportReport): Promise<'written' | 'exists'>;
}

/** Tells whoever subscribed (the import topic) what became of an import. */
export interface ImportNotifier {
  notify(report: ImportReport, where: { readonly reportKey: string }): Promise<void>;
}
