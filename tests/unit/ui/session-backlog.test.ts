import { describe, expect, it } from 'vitest';
import { SessionBacklog } from '../../../src/lib/ui/lab-session/backlog';

describe('SessionBacklog', () => {
  it('starts over at each reset and keeps the events after it in order', () => {
    const b = new SessionBacklog(100);
    b.record({ type: 'output', text: 'before', stream: 'stdout' });
    b.record({ type: 'reset', scenario: 'kind', seed: 2 });
    b.record({ type: 'replay-command', line: 'echo a' });
    b.record({ type: 'output', text: 'a\n', stream: 'stdout' });
    expect(b.all().map((e) => e.type)).toEqual(['reset', 'replay-command', 'output']);
  });

  it('drops the oldest output past its limit, down to three quarters, keeping the reset first', () => {
    const b = new SessionBacklog(100);
    b.record({ type: 'reset', scenario: 'kind', seed: 1 });
    for (let i = 0; i < 10; i++) b.record({ type: 'output', text: String(i).repeat(10), stream: 'stdout' });
    // 1 + 100 characters: over 100, so events go until at most 75 remain: 1 + 7 × 10 = 71
    const left = b.all();
    expect(left[0]).toEqual({ type: 'reset', scenario: 'kind', seed: 1 });
    expect(left.slice(1).map((e) => (e.type === 'output' ? e.text[0] : '?')).join('')).toBe('3456789');
  });
});
