import { type LabCommand, errOut, out } from '../types';

/** `sleep N[smhd]`: virtual time passes at once (the runner and tests) or at play speed (UI). */
export const sleepCommand: LabCommand = {
  name: 'sleep',
  async run(args, ctx) {
    if (!args.length) return errOut("sleep: missing operand\nTry 'sleep --help' for more information.\n");
    let total = 0;
    for (const a of args) {
      if (a === 'infinity') return errOut('sleep: refusing to sleep forever in the lab (press Ctrl-C)\n', 130);
      const m = /^(\d+(?:\.\d+)?|\.\d+)([smhd]?)$/.exec(a);
      if (!m) return errOut(`sleep: invalid time interval '${a}'\nTry 'sleep --help' for more information.\n`);
      const mult = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
      total += Number(m[1]) * mult * 1000;
    }
    await ctx.advance(Math.round(total));
    return out('');
  }
};
