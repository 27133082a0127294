/**
 * curl's progress meter as it reaches a pipe or a file (lib/progress.c): two header lines,
 * then one "\r"-led status line when the transfer starts, one per second while it runs and a
 * last one when it ends, followed by a newline.
 */

export const METER_HEADER =
  '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n' +
  '                                 Dload  Upload   Total   Spent    Left  Speed\n';

/** Five columns for a byte count or a speed (max5data). */
export function max5(n: number): string {
  const KB = 1024;
  const MB = 1024 * KB;
  if (n < 100_000) return String(Math.floor(n)).padStart(5);
  if (n < 10_000 * KB) return `${String(Math.floor(n / KB)).padStart(4)}k`;
  if (n < 100 * MB) return `${String(Math.floor(n / MB)).padStart(2)}.${Math.floor((n % MB) / (MB / 10))}M`;
  if (n < 10_000 * MB) return `${String(Math.floor(n / MB)).padStart(4)}M`;
  return `${String(Math.floor(n / (1024 * MB))).padStart(4)}G`;
}

/** Eight columns for a duration in whole seconds (time2str). */
export function time2str(seconds: number): string {
  const s = Math.floor(seconds);
  if (s <= 0) return '--:--:--';
  const h = Math.floor(s / 3600);
  if (h <= 99) {
    const m = Math.floor((s - h * 3600) / 60);
    const sec = s - h * 3600 - m * 60;
    return `${String(h).padStart(2)}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}`;
  }
  const d = Math.floor(h / 24);
  return d <= 999 ? `${String(d).padStart(3)}d ${String(h - d * 24).padStart(2, '0')}h` : `${String(d).padStart(7)}d`;
}

export interface MeterSample {
  /** Microseconds since the transfer started. */
  elapsedUs: number;
  dlNow: number;
  /** Content-Length when known. */
  dlTotal: number | null;
}

/** One status line, without the leading "\r". */
export function meterLine(s: MeterSample): string {
  const known = s.dlTotal !== null;
  const expected = known ? (s.dlTotal as number) : s.dlNow;
  const pct = (cur: number, total: number) => (total > 10_000 ? Math.floor(cur / Math.floor(total / 100)) : total > 0 ? Math.floor((cur * 100) / total) : 0);
  const totalPct = pct(s.dlNow, expected);
  const dlPct = known ? pct(s.dlNow, s.dlTotal as number) : 0;
  const speed = s.elapsedUs < 1 ? s.dlNow * 1_000_000 : Math.floor((s.dlNow * 1_000_000) / s.elapsedUs);
  const spent = Math.floor(s.elapsedUs / 1_000_000);
  const totalTime = known && speed > 0 ? Math.floor((s.dlTotal as number) / speed) : 0;
  const left = known && speed > 0 ? Math.floor(((s.dlTotal as number) - s.dlNow) / speed) : 0;
  const p3 = (n: number) => String(n).padStart(3);
  return `${p3(totalPct)} ${max5(expected)}  ${p3(dlPct)} ${max5(s.dlNow)}  ${p3(0)} ${max5(0)}  ${max5(speed)}  ${max5(0)} ${time2str(totalTime)} ${time2str(spent)} ${time2str(left)} ${max5(speed)}`;
}

/**
 * The meter's output for a transfer from `start` to `end` (virtual ms), with the response
 * arriving at `dataAt`: as timed chunks, so -v lines can be interleaved with it. The last chunk ends
 * with the newline curl writes when the transfer is done.
 */
export function meterChunks(start: number, end: number, dataAt: number | null, dlBytes: number, dlTotal: number | null): { t: number; text: string }[] {
  const sample = (t: number): MeterSample => {
    const arrived = dataAt !== null && t >= dataAt;
    return { elapsedUs: Math.floor((t - start) * 1000), dlNow: arrived ? dlBytes : 0, dlTotal: arrived ? dlTotal : null };
  };
  const out = [{ t: start, text: METER_HEADER + '\r' + meterLine(sample(start)) }];
  for (let s = 1; start + s * 1000 < end; s++) out.push({ t: start + s * 1000, text: '\r' + meterLine(sample(start + s * 1000)) });
  out.push({ t: end, text: '\r' + meterLine(sample(end)) + '\n' });
  return out;
}
