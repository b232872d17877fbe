import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_CALLERS } from '../../local/demo/demo-data.ts';
import { scanRun } from '../support/log-collector-global-setup.ts';
import { collectPersonalData, makePersonalDataScanner } from '../support/log-scan.ts';
import { GENERATED_NOTES } from '../support/malformed-input.ts';

/** The scan that fails the run when a log line holds the test data's personal data (log-scan.ts). */
const scanner = makePersonalDataScanner({
  phones: new Set(['+436641234567', '+4315049312', '+4369912345678']),
  names: new Set(['Maria Testerin', 'Josef "Sepp" Huber']),
  notes: new Set(['Brief erklärt, Antrag mitgegeben']),
  addresses: new Set(['Quellenstraße 24/3/7']),
});
const kinds = (line: string) => scanner.scan(line).map((finding) => finding.kind);

describe('the personal data scan of log lines', () => {
  it.each([
    '{"message":"caller seen","caller":"+436641234567"}',
    'caller +43 664 1234567 rang',
    'caller +43 664 123 45 67',
    'caller 0664 123 45 67',
    'caller 0664/1234567',
    'caller 0664-123-45-67',
    'caller (0664) 123 45 67',
    'caller 0043 664 1234567',
    'caller 00436641234567',
    'caller +43 (0) 664 1234567',
    'caller 06641234567;01/5049-312',
    'landline 01/5049-312',
    'landline +43 1 5049312',
    'landline 0043-1-5049312',
    'mobile 0699 123 45 678',
    'tel:+436641234567.',
  ])('finds the phone number in %j', (line) => {
    // Act
    const found = kinds(line);
    // Assess
    expect(found).toEqual(['phone number']);
  });

  it.each([
    ['a name', '{"message":"caller matched","name":"Maria Testerin"}', 'tenant name'],
    ['a JSON-escaped name', '{"name":"Josef \\"Sepp\\" Huber"}', 'tenant name'],
    ['a case note', 'outcome note=Brief erklärt, Antrag mitgegeben', 'case note'],
    ['an address', 'address: Quellenstraße 24/3/7', 'address'],
  ])('finds %s', (_what, line, kind) => {
    // Act
    const found = kinds(line);
    // Assess
    expect(found).toEqual([kind]);
  });

  it.each([
    [
      'the summary of a flow trace',
      '{"level":"ERROR","message":"x","error":{"trace":{"summary":"Offener Fall"}}}',
    ],
    ['the arrears', '{"level":"INFO","message":"x","openCase":{"arrearsEur":4873}}'],
    ['an eviction date', '{"level":"WARN","message":"x","evictionDate":"2026-12-01"}'],
    ['the stage', '{"level":"INFO","message":"x","stage":"eviction_scheduled"}'],
    ['the reasons of the risk', '{"level":"INFO","message":"x","riskReasons":"eviction_imminent"}'],
    [
      "the summary's words in a message",
      '{"level":"ERROR","message":"x","error":{"message":"Rückstand € 4.873 (7 Mon.) · Räumung in 5 Tagen"}}',
    ],
    [
      "the summary's words JSON-escaped",
      '{"level":"ERROR","message":"x","detail":"R\\u00e4umung in 5 Tagen"}',
    ],
  ])('finds a case fact in a log entry: %s', (_what, line) => {
    expect(kinds(line)).toEqual(['case fact']);
  });

  it("leaves an import's counts of cases and open cases, which are numbers, to the import", () => {
    expect(
      kinds(
        '{"level":"INFO","message":"read model import validated","tenancies":4,"cases":4,"casesImported":true}',
      ),
    ).toEqual([]);
    expect(kinds('{"level":"INFO","message":"x","counts":{"openCase":3,"cases":4}}')).toEqual([]);
  });

  it('leaves case facts in what a command prints as its result (no log entry) to that command', () => {
    expect(
      kinds('lookupStatus found · riskLevel critical · summary Offener Fall: Klage · Räumung in 5 Tagen'),
    ).toEqual([]);
  });

  it('reports each kind once, where it first starts, so a report can show the line up to there', () => {
    // Act
    const findings = scanner.scan('x Maria Testerin, 0664 123 45 67, again +436641234567');
    // Assess
    expect(findings).toEqual([
      { kind: 'tenant name', index: 2 },
      { kind: 'phone number', index: 18 },
    ]);
  });

  it.each([
    '{"level":"INFO","message":"caller identified","mode":"phone","status":"found","riskLevel":"critical"}',
    '{"contactId":"c0ffee00-0000-4000-8000-000000000001","tenancyId":"104711001","caseId":"F-2026-00101"}',
    '{"timestamp":"2026-11-25T10:00:00.000Z","Timestamp":1764063300000,"generation":"20261125T091500123Z-k3f9"}',
    '{"caller":"[phone]","note":"[masked]"}',
    'caller 06641234567890 has more digits',
    'reference 106641234567 is another number',
    'Maria Testerine is another name',
    'writing 20000/20000 items (100 %)',
  ])('finds nothing in the clean line %j', (line) => {
    // Act
    const found = kinds(line);
    // Assess
    expect(found).toEqual([]);
  });

  it('knows the demo callers, the fixtures and the notes the tests send', () => {
    // Act
    const data = collectPersonalData();
    // Assess
    expect([...data.phones]).toEqual(expect.arrayContaining([DEMO_CALLERS.critical.phone, '+43140008000']));
    expect([...data.names]).toEqual(
      expect.arrayContaining(['Maria Testerin', 'Gruber, Maria', 'Emina Hodžić']),
    );
    expect([...data.notes]).toEqual(
      expect.arrayContaining([
        'Brief erklärt, Antrag mitgegeben',
        'spricht leise,\nbitte langsam',
        ...GENERATED_NOTES,
      ]),
    );
    expect([...data.addresses]).toEqual(expect.arrayContaining(['Testgasse 1/2/3', 'Quellenstraße 24/3/7']));
    expect(data.phones.size).toBeGreaterThan(2000);
    // The product's own text is no case note, though a test sends it as one.
    expect(data.notes.has('Grüß Gott')).toBe(false);
  });

  it('counts a run whose collected lines hold a demo caller, naming the file and kind, not the value', () => {
    // Prepare: what two workers collected, one line with the demo critical caller's number
    const dir = mkdtempSync(join(tmpdir(), 'log-scan-'));
    const line = (f: string, s: string, l: string) => `${JSON.stringify({ f, s, l })}\n`;
    writeFileSync(
      join(dir, 'worker-1-0.jsonl'),
      line('test/a.test.ts', 'stdout', '{"message":"caller identified","status":"found"}') +
        line(
          'test/a.test.ts',
          'console.info',
          `{"message":"caller seen","from":"${DEMO_CALLERS.critical.written}"}`,
        ),
    );
    writeFileSync(join(dir, 'worker-2-0.jsonl'), line('test/b.test.ts', 'stderr', 'writing 10/10 items'));
    try {
      // Act
      const scan = scanRun(dir);
      // Assess
      expect(scan).toMatchObject({ linesScanned: 3, testFiles: 2, hits: 1 });
      expect(scan.findings).toEqual([
        {
          file: 'test/a.test.ts',
          source: 'console.info',
          kind: 'phone number',
          prefix: '{"message":"caller seen","from":"',
          count: 1,
        },
      ]);
      const summary = readFileSync(join(dir, 'summary.json'), 'utf8');
      expect(summary).toContain('"hits": 1');
      expect(summary).not.toContain('123 45 67');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
