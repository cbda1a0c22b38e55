/** The words of a long command's progress: how much is done, how fast, and how long is left. */
/** "3 min 20 s", "45 s": a duration as a person reads it (design.md §1: shared words). */
export function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** Whole counts as they are; amounts such as megabytes to one decimal. */
const count = (x: number) => x.toLocaleString('en', { maximumFractionDigits: 1 });

/** One progress line: done of total, the percentage, the rate per second and the time left (design.md §1: shared words). */
export function progressLine(label: string, done: number, total: number, seconds: number, unit: string): string {
  const rate = seconds > 0 ? done / seconds : 0;
  const left = rate > 0 ? (total - done) / rate : Infinity;
  const pct = total ? Math.floor((100 * done) / total) : 100;
  return `${label}: ${count(done)} of ${count(total)} ${unit} (${pct} %) · ${rate >= 10 ? rate.toFixed(0) : rate.toFixed(2)} ${unit}/s · ${done >= total ? `done in ${duration(seconds)}` : `about ${duration(left)} left`}`;
}
