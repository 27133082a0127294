import { describe, expect, it } from 'vitest';
import { planRewind } from '../../../src/lib/ui/lab-session/rewind';
import { replayedEntry, sessionState } from '../../../src/lib/ui/lab-session/state';
import type { LogEntry } from '../../../src/lib/ui/terminal/share';

const log: LogEntry[] = [
  { line: 'kubectl get nodes', at: 1000 },
  { line: 'ping -c 3 172.18.0.3', at: 5000, abort: { checkpoint: 2, until: 6000 } },
  { line: 'docker stop myk8s-worker', at: 9000 }
];

describe('rewind plan', () => {
  it('keeps the commands that started strictly before the target', () => {
    const { to, keep } = planRewind(log, 5000, 500, 12_000);
    expect(to).toBe(5000);
    expect(keep.map((e) => e.line)).toEqual(['kubectl get nodes']);
    expect(planRewind(log, 5001, 500, 12_000).keep.map((e) => e.at)).toEqual([1000, 5000]);
  });

  it('clamps the target to what the lab has lived through', () => {
    expect(planRewind(log, 0, 500, 12_000)).toEqual({ to: 500, keep: [] });
    expect(planRewind(log, 99_999, 500, 12_000).to).toBe(12_000);
    expect(planRewind(log, 99_999, 500, 12_000).keep).toHaveLength(3);
  });

  it('hands out copies: changing them leaves the log alone', () => {
    const { keep } = planRewind(log, 6000, 0, 12_000);
    keep[1].abort!.checkpoint = 99;
    keep[0].line = 'changed';
    expect(log[1].abort).toEqual({ checkpoint: 2, until: 6000 });
    expect(log[0].line).toBe('kubectl get nodes');
  });
});

describe('exported state', () => {
  const lab = { scenario: 'l2' as const, seed: 7, workers: 3, now: 12_000 };

  it('holds the whole log and the current time when nothing runs', () => {
    expect(sessionState(lab, log, null)).toEqual({ v: 1, scenario: 'l2', seed: 7, workers: 3, now: 12_000, log });
  });

  it('leaves out the command still running and ends when it started', () => {
    const s = sessionState(lab, log, log[2]);
    expect(s.now).toBe(9000);
    expect(s.log.map((e) => e.line)).toEqual(['kubectl get nodes', 'ping -c 3 172.18.0.3']);
  });

  it('logs a replayed command at its start in this lab, with the Ctrl-C it had', () => {
    expect(replayedEntry(log[1], 5003)).toEqual({ line: 'ping -c 3 172.18.0.3', at: 5003, abort: { checkpoint: 2, until: 6000 } });
    expect(replayedEntry(log[0], 1001)).toEqual({ line: 'kubectl get nodes', at: 1001 });
  });
});
