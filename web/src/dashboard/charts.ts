// The dashboard's charts, drawn with uPlot (one canvas per chart, however many points: a year by the
// hour is 8,760 of them). Every chart is built from plain arrays; the page supplies the labels and
// number formats of its language. Times are Vienna wall-clock times, carried as if they were UTC
// so that no browser time zone shifts them (`tzDate` and the formats below use UTC).
import uPlot from 'uplot';
import type { Granularity } from '../../../shared/http/metrics-api-contract.ts';

/** Okabe–Ito colours: told apart with the common colour-vision deficiencies. */
export const COLOURS = {
  blue: '#0072b2',
  orange: '#e69f00',
  green: '#009e73',
  red: '#d55e00',
  purple: '#cc79a7',
  sky: '#56b4e9',
};

const HEIGHT = 260;

/** `YYYY-MM-DD` or `YYYY-MM-DDTHH` (Vienna) → seconds, as if UTC. */
export const toSeconds = (start: string): number =>
  Date.UTC(
    Number(start.slice(0, 4)),
    Number(start.slice(5, 7)) - 1,
    Number(start.slice(8, 10)),
    start.length > 10 ? Number(start.slice(11, 13)) : 0,
  ) / 1000;

const utcDate = (seconds: number): Date => uPlot.tzDate(new Date(seconds * 1000), 'UTC');

/** Tick labels of the time axis: finer as the ticks come closer together. */
const timeTicks = (locale: string): uPlot.Axis.DynamicValues => {
  const months = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: 'short', year: '2-digit' });
  const days = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', day: 'numeric', month: 'numeric' });
  const hours = new Intl.DateTimeFormat(locale, {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
  return (_u, splits, _axis, _space, increment) => {
    const format = increment >= 28 * 86400 ? months : increment >= 86400 ? days : hours;
    return splits.map((seconds) => format.format(new Date(seconds * 1000)));
  };
};

/** The legend's and tooltip's label of a point in time, at the report's granularity. */
export const pointLabel = (locale: string, granularity: Granularity): ((seconds: number) => string) => {
  const options: Intl.DateTimeFormatOptions =
    granularity === 'hour'
      ? {
          weekday: 'short',
          day: 'numeric',
          month: 'numeric',
          year: 'numeric',
          hour: '2-digit',
          minute: '2-digit',
        }
      : granularity === 'month'
        ? { month: 'long', year: 'numeric' }
        : { weekday: 'short', day: 'numeric', month: 'numeric', year: 'numeric' };
  const format = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', ...options });
  return (seconds: number) => format.format(new Date(seconds * 1000));
};

type Format = (value: number) => string;

/**
 * The legend's value: the hovered slice's, or, with nothing hovered (`idx` null), `total`: the
 * period's figure, so that the legend reads as a summary before anyone points at the chart (as
 * Grafana's legend values do). A slice without a value (no calls, so no rate) shows "–".
 */
const legendValue =
  (format: Format, total: string) =>
  (_u: uPlot, value: number | null, _series: number, idx: number | null): string =>
    idx === null || idx === undefined ? total : value === null || value === undefined ? '–' : format(value);

const line = (
  label: string,
  stroke: string,
  value: uPlot.Series['value'],
  extra: uPlot.Series = {},
): uPlot.Series => ({
  label,
  stroke,
  width: 2,
  value,
  ...extra,
});

const bars = uPlot.paths.bars;
if (bars === undefined) throw new Error('this uPlot build has no bar paths');

const bar = (
  label: string,
  fill: string,
  value: uPlot.Series['value'],
  extra: uPlot.Series = {},
): uPlot.Series => ({
  label,
  fill,
  stroke: fill,
  width: 0,
  paths: bars({ size: [0.7, 48] }),
  points: { show: false },
  value,
  ...extra,
});

/** The length of a slice in seconds (a month as its shortest, so that bars never overlap). */
const SLICE_SECONDS: Readonly<Record<Granularity, number>> = {
  hour: 3600,
  day: 86_400,
  week: 7 * 86_400,
  month: 28 * 86_400,
};

/**
 * Bars of `count` series side by side within each slice: series `index` gets its own part of
 * 80 % of the slice, its left edge placed as a scale value (uPlot's bar `disp` facets).
 */
const groupedBars = (xs: Float64Array, granularity: Granularity, index: number, count: number) => {
  const slice = SLICE_SECONDS[granularity];
  const width = (0.8 * slice) / count;
  const lefts = Array.from(xs, (x) => x - 0.4 * slice + index * width);
  return bars({
    disp: {
      x0: { unit: 1, values: () => lefts },
      size: { unit: 1, values: () => [width * 0.9] },
    },
  });
};

/** Whole steps only, for axes that count calls. */
const COUNT_STEPS = [
  1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 50000,
];

const axisStyle = { stroke: '#59636e', grid: { stroke: '#e5e9ed', width: 1 }, ticks: { stroke: '#d0d7de' } };

/** A chart in `target`, as wide as it is; resolves when it has been drawn once. */
const draw = (
  target: HTMLElement,
  options: Omit<uPlot.Options, 'width' | 'height'>,
  data: uPlot.AlignedData,
) =>
  new Promise<uPlot>((resolve) => {
    new uPlot(
      {
        width: Math.max(target.clientWidth, 280),
        height: HEIGHT,
        ...options,
        hooks: { draw: [(chart) => resolve(chart)] },
      },
      data,
      target,
    );
  });

/**
 * Lines (or bars) over time. `series`: `{ label, values, colour, format, scale?, kind?, align?, spanGaps? }`;
 * `axes`: `{ scale, label, format, counts? }`, the first on the left, a second on the right.
 */
export interface TimeSeries {
  readonly label: string;
  readonly values: readonly (number | null)[];
  readonly colour: string;
  readonly format: Format;
  /** What the legend shows with nothing hovered: the period's figure, formatted. */
  readonly total: string;
  readonly scale?: string;
  /** Counts are bars, side by side with the chart's other bars; rates and means are lines. */
  readonly kind?: 'bar';
}

export interface TimeAxis {
  readonly scale: string;
  readonly label: string;
  readonly format: Format;
  readonly counts?: boolean;
  readonly range?: uPlot.Scale.Range;
}

export interface TimeChartOptions {
  readonly locale: string;
  readonly granularity: Granularity;
  readonly xLabel: string;
  readonly xs: Float64Array;
  readonly series: readonly TimeSeries[];
  readonly axes: readonly TimeAxis[];
  /** What the time's legend entry shows with nothing hovered: the period. */
  readonly periodLabel: string;
}

const fromZero: uPlot.Scale.Range = (_u, _min, max) => [0, max > 0 ? max : 1];

export const timeChart = (
  target: HTMLElement,
  { locale, granularity, xLabel, xs, series, axes, periodLabel }: TimeChartOptions,
): Promise<uPlot> => {
  // Half a slice of room at either end, so that the first and last bars are drawn whole.
  const half = SLICE_SECONDS[granularity] / 2;
  const scales: uPlot.Scales = {
    x: {
      time: true,
      range: (_u, min, max) => [min - half, (max > min ? max : min + 1) + half],
    },
  };
  const barCount = series.filter((s) => s.kind === 'bar').length;
  let barIndex = 0;
  for (const axis of axes) scales[axis.scale] = { range: axis.range ?? fromZero };
  const label = pointLabel(locale, granularity);
  const data: uPlot.AlignedData = [xs, ...series.map((s) => [...s.values])];
  return draw(
    target,
    {
      tzDate: utcDate,
      scales,
      series: [
        {
          label: xLabel,
          value: (_u: uPlot, seconds: number | null, _series: number, idx: number | null) =>
            idx === null || idx === undefined ? periodLabel : seconds === null ? '–' : label(seconds),
        },
        ...series.map((s) =>
          s.kind === 'bar'
            ? bar(s.label, s.colour, legendValue(s.format, s.total), {
                scale: s.scale ?? 'y',
                paths: groupedBars(xs, granularity, barIndex++, barCount),
              })
            : line(s.label, s.colour, legendValue(s.format, s.total), {
                scale: s.scale ?? 'y',
                // Points where a line of a few slices needs them; a year by the day is a line.
                points: { show: xs.length <= 120, size: 5, fill: s.colour },
                // A slice with no calls has no rate: a gap in the line, never a 0 and never a bridge.
                spanGaps: false,
              }),
        ),
      ],
      axes: [
        { ...axisStyle, values: timeTicks(locale) },
        ...axes.map((axis, index) => ({
          ...axisStyle,
          scale: axis.scale,
          label: axis.label,
          side: index === 0 ? 3 : 1,
          grid: index === 0 ? axisStyle.grid : { show: false },
          size: 56,
          ...(axis.counts ? { incrs: COUNT_STEPS } : {}),
          values: (_u: uPlot, splits: number[]) => splits.map((value) => axis.format(value)),
        })),
      ],
    },
    data,
  );
};

/** Bars over categories (hours of the day, weekdays): `names[i]` labels the bar at `i`. */
export interface CategoryChartOptions {
  readonly names: readonly string[];
  readonly values: readonly number[];
  readonly label: string;
  /** The legend's values with nothing hovered: what the bars add up to, and what they are over. */
  readonly total: string;
  readonly allLabel: string;
  readonly colour: string;
  readonly format: Format;
  readonly xLabel: string;
}

export const categoryChart = (
  target: HTMLElement,
  { names, values, label, colour, format, xLabel, total, allLabel }: CategoryChartOptions,
): Promise<uPlot> =>
  draw(
    target,
    {
      scales: {
        x: { time: false, range: [-0.5, names.length - 0.5] },
        y: { range: fromZero },
      },
      series: [
        {
          label: xLabel,
          value: (_u: uPlot, index: number | null, _series: number, idx: number | null) =>
            idx === null || idx === undefined || index === null ? allLabel : (names[index] ?? ''),
        },
        bar(label, colour, legendValue(format, total)),
      ],
      axes: [
        {
          ...axisStyle,
          grid: { show: false },
          incrs: [1, 2, 3, 6],
          values: (_u: uPlot, splits: number[]) => splits.map((index) => names[index] ?? ''),
        },
        {
          ...axisStyle,
          size: 56,
          incrs: COUNT_STEPS,
          values: (_u: uPlot, splits: number[]) => splits.map((value) => format(value)),
        },
      ],
    },
    [names.map((_, index) => index), [...values]],
  );

/** Keeps charts as wide as their container; returns a function that stops it. */
export const keepWidth = (charts: readonly uPlot[]): (() => void) => {
  const observer = new ResizeObserver(() => {
    for (const chart of charts) {
      const width = Math.max(chart.root.parentElement?.clientWidth ?? 0, 280);
      if (width !== chart.width) chart.setSize({ width, height: HEIGHT });
    }
  });
  for (const chart of charts) if (chart.root.parentElement) observer.observe(chart.root.parentElement);
  return () => observer.disconnect();
};
