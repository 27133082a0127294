import { describe, expect, it } from 'vitest';
import { clockText, elapsedText, speedText } from '../../../src/lib/ui/lab/clock';
import { PLAYGROUND_KEY, clearLab, loadLab, saveLab, throttle } from '../../../src/lib/ui/lab/persist';
import { type SessionState, base64urlEncode, decodeShare, encodeShare, parseState, workersParam } from '../../../src/lib/ui/terminal/share';

/** The pieces around the time controls: the clock's text, ?workers=, the saved playground lab. */

const EPOCH = Date.UTC(2024, 9, 3, 9, 0, 0); // the engine's default epoch: 09:00:00 UTC

describe('clock text', () => {
  it('prints the time of day in UTC and the elapsed time', () => {
    expect(clockText(EPOCH, 0)).toBe('09:00:00');
    expect(clockText(EPOCH, 125_999)).toBe('09:02:05');
    expect(clockText(EPOCH, 15 * 3600_000 + 1_000)).toBe('00:00:01'); // past midnight
    expect(elapsedText(0)).toBe('+0m00s');
    expect(elapsedText(65_500)).toBe('+1m05s');
    expect(elapsedText(3_723_000)).toBe('+1h02m03s');
    expect(speedText(0.25)).toBe('0.25×');
    expect(speedText(50)).toBe('50×');
  });
});

describe('workers in URLs and sessions', () => {
  it('accepts ?workers= from 1 to 97 only (a 99th node would take mypc’s 172.18.0.100)', () => {
    expect(workersParam(null)).toBeNull();
    expect(workersParam('1')).toBe(1);
    expect(workersParam('3')).toBe(3);
    expect(workersParam('97')).toBe(97);
    for (const bad of ['0', '98', '99', '100', '-1', '2.5', '', ' 4', '1e1', 'x', '007']) expect(workersParam(bad)).toBeNull();
  });

  it('keeps the worker count in exports and share links, and reads old links', async () => {
    const state: SessionState = { v: 1, scenario: 'l2', seed: 8, workers: 97, now: 300_000, log: [{ line: 'kubectl get nodes', at: 250_000 }] };
    expect(await decodeShare(await encodeShare(state))).toEqual(state);
    expect(parseState({ ...state, workers: 98 })).toBeNull();
    expect(parseState({ ...state, workers: 2.5 })).toBeNull();
    // an export written before worker counts were stored means the article's 3 workers
    const { workers: _, ...old } = state;
    expect(parseState(old)).toEqual({ ...state, workers: 3 });
    // a link as the first version wrote it: compact JSON, base64url, "j" prefix
    const oldLink = 'j' + base64urlEncode(new TextEncoder().encode('{"v":1,"s":"kind","r":5,"w":3,"t":250000,"l":[["kubectl get nodes",212000],["sleep 9",213000,2,214500.5]]}'));
    expect(await decodeShare(oldLink)).toEqual({
      v: 1,
      scenario: 'kind',
      seed: 5,
      workers: 3,
      now: 250_000,
      log: [
        { line: 'kubectl get nodes', at: 212_000 },
        { line: 'sleep 9', at: 213_000, abort: { checkpoint: 2, until: 214_500.5 } }
      ]
    });
  });
});

class MemoryStore {
  data = new Map<string, string>();
  failWrites = false;
  get length() {
    return this.data.size;
  }
  getItem(k: string) {
    return this.data.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    if (this.failWrites) throw new Error('QuotaExceededError');
    this.data.set(k, v);
  }
  removeItem(k: string) {
    this.data.delete(k);
  }
  clear() {
    this.data.clear();
  }
  key(i: number) {
    return [...this.data.keys()][i] ?? null;
  }
}

describe('the saved playground lab', () => {
  const state: SessionState = { v: 1, scenario: 'kind', seed: 3, workers: 5, now: 260_500, log: [{ line: 'docker ps', at: 255_000 }] };

  it('saves, loads and clears the state under metallb-lab:playground:v1', () => {
    const store = new MemoryStore();
    expect(PLAYGROUND_KEY).toBe('metallb-lab:playground:v1');
    expect(loadLab(store)).toBeNull();
    expect(saveLab(store, state)).toBe(true);
    expect(JSON.parse(store.getItem('metallb-lab:playground:v1')!)).toEqual({ v: 1, s: 'kind', r: 3, w: 5, t: 260_500, l: [['docker ps', 255_000]] });
    expect(loadLab(store)).toEqual(state);
    clearLab(store);
    expect(loadLab(store)).toBeNull();
  });

  it('survives a broken or missing store and ignores junk', () => {
    const store = new MemoryStore();
    store.failWrites = true;
    expect(saveLab(store, state)).toBe(false);
    expect(saveLab(null, state)).toBe(false);
    expect(loadLab(null)).toBeNull();
    store.data.set(PLAYGROUND_KEY, '{not json');
    expect(loadLab(store)).toBeNull();
    store.data.set(PLAYGROUND_KEY, '{"v":1,"s":"moon","r":1,"w":3,"t":0,"l":[]}');
    expect(loadLab(store)).toBeNull();
  });

  it('throttles saves to one per interval, keeping the last call of a burst', () => {
    let now = 0;
    const pending: { at: number; fn: () => void; dead: boolean }[] = [];
    const timers = {
      now: () => now,
      after: (ms: number, fn: () => void) => {
        const e = { at: now + ms, fn, dead: false };
        pending.push(e);
        return () => (e.dead = true);
      }
    };
    const advance = (ms: number) => {
      now += ms;
      for (const e of pending.filter((x) => !x.dead && x.at <= now)) {
        e.dead = true;
        e.fn();
      }
    };
    const calls: number[] = [];
    const th = throttle(() => calls.push(now), 1000, timers);
    th.call(); // at once
    advance(100);
    th.call();
    th.call(); // one trailing call at 1000
    expect(calls).toEqual([0]);
    advance(900);
    expect(calls).toEqual([0, 1000]);
    advance(1500);
    th.call(); // the interval is over: at once
    expect(calls).toEqual([0, 1000, 2500]);
    th.call();
    th.flush(); // pagehide: now
    expect(calls).toEqual([0, 1000, 2500, 2500]);
    advance(5000);
    expect(calls).toHaveLength(4);
    th.call();
    th.call();
    th.cancel();
    advance(5000);
    expect(calls).toHaveLength(5);
  });
});
