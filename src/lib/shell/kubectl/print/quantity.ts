/**
 * A small resource.Quantity: parse "100m", "70Mi", "2", "1G", "16318928Ki"; add; print in the
 * canonical form Quantity.String() gives (the format of the first addend is kept).
 */
export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface Quantity {
  /** Value in milli-units (exact for everything kubectl shows here). */
  milli: bigint;
  format: QuantityFormat;
}

const BINARY: Record<string, bigint> = { Ki: 1n << 10n, Mi: 1n << 20n, Gi: 1n << 30n, Ti: 1n << 40n, Pi: 1n << 50n, Ei: 1n << 60n };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

export function zeroQuantity(format: QuantityFormat = 'DecimalSI'): Quantity {
  return { milli: 0n, format };
}

export function parseQuantity(input: unknown): Quantity | null {
  if (typeof input === 'number') input = String(input);
  if (typeof input !== 'string') return null;
  const m = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/.exec(input.trim());
  if (!m) return null;
  const sign = m[1] === '-' ? -1n : 1n;
  const [intPart, fracPart = ''] = m[2].split('.');
  const digits = BigInt((intPart || '0') + fracPart);
  const fracLen = fracPart.length;
  const suffix = m[3] ?? '';
  let milli: bigint;
  let format: QuantityFormat = 'DecimalSI';
  const scale = (n: bigint, exp10: number): bigint => {
    // n * 10^exp10 / 10^fracLen, in milli-units (ceil like Quantity for sub-milli values)
    let e = exp10 + 3 - fracLen;
    if (e >= 0) return n * 10n ** BigInt(e);
    e = -e;
    const d = 10n ** BigInt(e);
    return (n + d - 1n) / d;
  };
  if (suffix in BINARY) {
    format = 'BinarySI';
    milli = scale(digits * BINARY[suffix], 0);
  } else if (/^[eE]/.test(suffix)) {
    format = 'DecimalExponent';
    milli = scale(digits, parseInt(suffix.slice(1), 10));
  } else {
    milli = scale(digits, DECIMAL[suffix]);
  }
  return { milli: sign * milli, format };
}

export function addQuantity(a: Quantity, b: Quantity): Quantity {
  return { milli: a.milli + b.milli, format: a.format };
}

/** Value(): the integer value rounded up. */
export function quantityValue(q: Quantity): bigint {
  const v = q.milli / 1000n;
  return q.milli % 1000n > 0n ? v + 1n : v;
}

export function quantityMilli(q: Quantity): bigint {
  return q.milli;
}

/** Quantity.String() in canonical form. */
export function formatQuantity(q: Quantity): string {
  if (q.milli === 0n) return '0';
  const neg = q.milli < 0n;
  const abs = neg ? -q.milli : q.milli;
  const sign = neg ? '-' : '';
  let format = q.format;
  if (format === 'BinarySI') {
    // small or fractional values are shown as DecimalSI
    if (abs < 1024n * 1000n || abs % 1000n !== 0n) format = 'DecimalSI';
  }
  if (format === 'BinarySI') {
    let v = abs / 1000n;
    const suffixes = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
    let i = 0;
    while (i < suffixes.length - 1 && v % 1024n === 0n) {
      v /= 1024n;
      i++;
    }
    return `${sign}${v}${suffixes[i]}`;
  }
  // DecimalSI: exponent a multiple of 3, mantissa an integer
  let mant = abs;
  let exp = -3;
  while (mant % 1000n === 0n && exp < 18) {
    mant /= 1000n;
    exp += 3;
  }
  const suffix: Record<number, string> = { [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E' };
  if (q.format === 'DecimalExponent') return `${sign}${mant}${exp === 0 ? '' : `e${exp}`}`;
  return `${sign}${mant}${suffix[exp]}`;
}
