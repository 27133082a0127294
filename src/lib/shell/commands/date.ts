import { type LabCommand, errOut, out } from '../types';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');

/** GNU date's conversions for the common `+FORMAT` cases, on the lab's virtual clock (UTC). */
function strftime(fmt: string, ms: number): string {
  const d = new Date(ms);
  const nanos = String(Math.floor((ms % 1000) * 1e6)).padStart(9, '0');
  return fmt.replace(/%([%a-zA-Z]|:z|N)/g, (_m, c: string) => {
    switch (c) {
      case '%': return '%';
      case 'a': return DAYS[d.getUTCDay()];
      case 'b': case 'h': return MONTHS[d.getUTCMonth()];
      case 'd': return p2(d.getUTCDate());
      case 'e': return String(d.getUTCDate()).padStart(2, ' ');
      case 'm': return p2(d.getUTCMonth() + 1);
      case 'Y': return String(d.getUTCFullYear());
      case 'y': return p2(d.getUTCFullYear() % 100);
      case 'H': return p2(d.getUTCHours());
      case 'M': return p2(d.getUTCMinutes());
      case 'S': return p2(d.getUTCSeconds());
      case 'T': return `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
      case 'F': return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`;
      case 'D': return `${p2(d.getUTCMonth() + 1)}/${p2(d.getUTCDate())}/${p2(d.getUTCFullYear() % 100)}`;
      case 's': return String(Math.floor(ms / 1000));
      case 'N': return nanos;
      case 'Z': return 'UTC';
      case 'z': return '+0000';
      case ':z': return '+00:00';
      case 'n': return '\n';
      case 't': return '\t';
      default: return `%${c}`;
    }
  });
}

/**
 * `date` on the lab's virtual clock, so a learner can time a failover with it (the real clock
 * would measure nothing: virtual time jumps). Everything runs in UTC, as in the containers.
 */
export const dateCommand: LabCommand = {
  name: 'date',
  async run(args, ctx) {
    const ms = ctx.lab.sim.clock.epochMs + ctx.lab.now();
    let fmt = '%a %b %e %H:%M:%S %Z %Y';
    for (const a of args) {
      if (a.startsWith('+')) fmt = a.slice(1);
      else if (a === '-u' || a === '--utc' || a === '--universal') continue;
      else if (a === '-R' || a === '--rfc-email') fmt = '%a, %d %b %Y %H:%M:%S %z';
      else if (a === '-I' || a === '--iso-8601') fmt = '%F';
      else if (a.startsWith('-')) return errOut(`date: invalid option -- '${a.replace(/^-+/, '')[0] ?? ''}'\nTry 'date --help' for more information.\n`);
      else return errOut(`date: invalid date '${a}'\n`);
    }
    return out(strftime(fmt, ms) + '\n');
  }
};
