import { describe, expect, it } from 'vitest';
import { History, type KeyValueStore } from '../../../src/lib/ui/terminal/history';
import { decompose, hangulToQwerty, imeMistake } from '../../../src/lib/ui/terminal/ime';
import {
  type SessionState,
  base64urlDecode,
  base64urlEncode,
  decodeShare,
  encodeShare,
  fromCompact,
  parseState,
  shareFromHash,
  toCompact
} from '../../../src/lib/ui/terminal/share';

class MemStore implements KeyValueStore {
  data = new Map<string, string>();
  getItem(k: string) {
    return this.data.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.data.set(k, v);
  }
}

describe('History', () => {
  it('recalls with ↑/↓ and comes back to the line being typed', () => {
    const h = new History(null);
    h.add('kubectl get nodes');
    h.add('kind get clusters');
    expect(h.previous('kub')).toBe('kind get clusters');
    expect(h.previous('x')).toBe('kubectl get nodes');
    expect(h.previous('x')).toBeNull();
    expect(h.next()).toBe('kind get clusters');
    expect(h.next()).toBe('kub');
    expect(h.next()).toBeNull();
  });

  it('drops blanks and repeats, keeps multi-line commands whole', () => {
    const h = new History(null);
    h.add('  ');
    h.add('ls');
    h.add('ls');
    h.add('cat <<EOF\na\nEOF');
    expect(h.entries()).toEqual(['ls', 'cat <<EOF\na\nEOF']);
  });

  it('persists in storage, capped, and survives a broken store', () => {
    const store = new MemStore();
    const h = new History(store, 'k', 3);
    for (const c of ['a', 'b', 'c', 'd']) h.add(c);
    expect(JSON.parse(store.getItem('k')!)).toEqual(['b', 'c', 'd']);
    expect(new History(store, 'k', 3).entries()).toEqual(['b', 'c', 'd']);
    store.setItem('k', '{not json');
    expect(new History(store, 'k').entries()).toEqual([]);
    const throwing: KeyValueStore = {
      getItem: () => {
        throw new Error('blocked');
      },
      setItem: () => {
        throw new Error('blocked');
      }
    };
    const t = new History(throwing);
    t.add('x');
    expect(t.previous('')).toBe('x');
  });

  it('keeps the default cap at 500', () => {
    const store = new MemStore();
    const h = new History(store);
    for (let i = 0; i < 520; i++) h.add(`echo ${i}`);
    expect(h.entries()).toHaveLength(500);
    expect(h.entries()[0]).toBe('echo 20');
  });

  it('searches backwards (Ctrl-R)', () => {
    const h = new History(null);
    for (const c of ['kubectl get nodes', 'docker ps', 'kubectl get svc']) h.add(c);
    expect(h.search('get')).toEqual({ index: 2, line: 'kubectl get svc' });
    expect(h.search('get', 2)).toEqual({ index: 0, line: 'kubectl get nodes' });
    expect(h.search('zzz')).toBeNull();
  });
});

describe('Korean IME guard', () => {
  it('decomposes syllables into jamo', () => {
    expect(decompose('한')).toEqual(['ㅎ', 'ㅏ', 'ㄴ']);
    expect(decompose('시')).toEqual(['ㅅ', 'ㅣ']);
    expect(decompose('닭')).toEqual(['ㄷ', 'ㅏ', 'ㄺ']);
    expect(decompose('a')).toEqual(['a']);
  });

  it('maps 2-set Korean back to the QWERTY keys', () => {
    expect(hangulToQwerty('ㅏㅕㅠㄷㅊ시')).toBe('kubectl');
    expect(hangulToQwerty('ㅏㅕㅠㄷㅊ시 ㅎㄷㅅ ㅜㅐㅇㄷㄴ')).toBe('kubectl get nodes');
    expect(hangulToQwerty('ㅇㅐ차ㄷㄱ ㅔㄴ')).toBe('docker ps');
    expect(hangulToQwerty('ㅏㅑㅜㅇ')).toBe('kind');
    expect(hangulToQwerty('쳐ㄱㅣ')).toBe('curl');
    expect(hangulToQwerty('ㅃ')).toBe('Q');
    expect(hangulToQwerty('ㅏㅕㅠㄷㅊ샏')).toBe('kubectoe');
  });

  it('only fires when the command word is Hangul', () => {
    expect(imeMistake('ㅏㅕㅠㄷㅊ시 ㅎㄷㅅ ㅜㅐㅇㄷㄴ')).toBe('kubectl get nodes');
    expect(imeMistake('echo 안녕')).toBeNull();
    expect(imeMistake('kubectl get ns')).toBeNull();
    expect(imeMistake('')).toBeNull();
  });
});

describe('share codec', () => {
  const state: SessionState = {
    v: 1,
    scenario: 'kind',
    seed: 42,
    workers: 3,
    now: 245_123.5,
    log: [
      { line: 'kubectl create ns demo', at: 212_200 },
      { line: 'cat <<EOF | wc -l\n한글\nEOF', at: 230_000.25 },
      { line: 'sleep 100', at: 240_000, abort: { checkpoint: 2, until: 241_500.125 } },
      { line: 'while true; do :; done', at: 241_600, abort: { checkpoint: 0, until: null, forced: true } }
    ]
  };

  it('round-trips through the compact form and a share link', async () => {
    expect(fromCompact(JSON.parse(JSON.stringify(toCompact(state))))).toEqual(state);
    const enc = await encodeShare(state);
    expect(enc).toMatch(/^[zj][A-Za-z0-9_-]+$/);
    expect(await decodeShare(enc)).toEqual(state);
    expect(shareFromHash(`#log=${enc}`)).toBe(enc);
    expect(shareFromHash('#other')).toBeNull();
  });

  it('compresses long logs', async () => {
    const big = { ...state, log: Array.from({ length: 200 }, (_, i) => ({ line: `kubectl get pods -n default -o wide # ${i}`, at: i * 100 })), now: 20_000 };
    const enc = await encodeShare(big);
    expect(enc[0]).toBe('z');
    expect(enc.length).toBeLessThan(JSON.stringify(big).length / 3);
    expect(await decodeShare(enc)).toEqual(big);
  });

  it('rejects what is not a session', async () => {
    expect(parseState(null)).toBeNull();
    expect(parseState({ ...state, v: 2 })).toBeNull();
    expect(parseState({ ...state, scenario: 'moon' })).toBeNull();
    expect(parseState({ ...state, seed: -1 })).toBeNull();
    expect(parseState({ ...state, seed: 1.5 })).toBeNull();
    expect(parseState({ ...state, log: [{ line: 1, at: 0 }] })).toBeNull();
    expect(parseState({ ...state, log: [{ line: 'a', at: 5 }, { line: 'b', at: 4 }] })).toBeNull();
    expect(parseState({ ...state, now: 1 })).toBeNull();
    expect(await decodeShare('znot*base64')).toBeNull();
    expect(await decodeShare('j' + base64urlEncode(new TextEncoder().encode('{"v":1}')))).toBeNull();
    expect(await decodeShare('zAAAA')).toBeNull();
  });

  it('encodes base64url without padding', () => {
    const bytes = Uint8Array.from([251, 255, 191, 0, 1]);
    const s = base64urlEncode(bytes);
    expect(s).toBe('-_-_AAE');
    expect(base64urlDecode(s)).toEqual(bytes);
  });
});
