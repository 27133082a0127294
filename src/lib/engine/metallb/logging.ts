import type { Clock } from '../sim/clock';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** A log call's fields; `caller`, `level` and `ts` are added by the logger. */
export type LogFields = Record<string, unknown>;

/**
 * MetalLB's go-kit JSON logger (`internal/logging/logging.go`): one object per line, keys sorted
 * alphabetically (go-kit builds a map and encoding/json sorts it), `ts` in RFC3339, level
 * filtering by `--log-level` (info by default: debug lines are dropped).
 */
export class GoKitLogger {
  private readonly clock: Clock;
  private readonly write: (line: string) => void;
  private readonly minLevel: LogLevel;
  private readonly context: LogFields;

  constructor(clock: Clock, write: (line: string) => void, minLevel: LogLevel = 'info', context: LogFields = {}) {
    this.clock = clock;
    this.write = write;
    this.minLevel = minLevel;
    this.context = context;
  }

  /** A logger that adds these fields to every line (go-kit's log.With). */
  with(fields: LogFields): GoKitLogger {
    return new GoKitLogger(this.clock, this.write, this.minLevel, { ...this.context, ...fields });
  }

  log(level: LogLevel, caller: string, fields: LogFields): void {
    if (RANK[level] < RANK[this.minLevel]) return;
    this.write(formatLogLine({ ...this.context, ...fields, caller, level, ts: this.clock.rfc3339() }));
  }

  debug(caller: string, fields: LogFields): void {
    this.log('debug', caller, fields);
  }
  info(caller: string, fields: LogFields): void {
    this.log('info', caller, fields);
  }
  warn(caller: string, fields: LogFields): void {
    this.log('warn', caller, fields);
  }
  error(caller: string, fields: LogFields): void {
    this.log('error', caller, fields);
  }
}

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** JSON with keys sorted at the top level, as encoding/json prints a map[string]interface{}. */
export function formatLogLine(fields: LogFields): string {
  const keys = Object.keys(fields).sort();
  const parts = keys.map((k) => `${JSON.stringify(k)}:${goJson(fields[k])}`);
  return `{${parts.join(',')}}`;
}

function goJson(v: unknown): string {
  if (v === undefined) return 'null';
  if (v instanceof Error) return JSON.stringify(v.message);
  // Most values are strings and numbers: no nested Error to replace, no replacer call needed.
  const json = typeof v === 'object' && v !== null ? JSON.stringify(v, errorMessages) : JSON.stringify(v);
  if (typeof json === 'string' && !/[<>&]/.test(json)) return json;
  // encoding/json escapes <, > and & in strings.
  return json.replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

function errorMessages(_k: string, x: unknown): unknown {
  return x instanceof Error ? x.message : x;
}
