import { describe, expect, it } from 'vitest';
import { CONT_PROMPT, echoedCommand, promptFor, searchPrompt } from '../../../../src/lib/ui/terminal/prompt';

describe('promptFor (bash PS1 for root, \\u@\\h:\\w\\$ )', () => {
  it('shows /root as ~ and paths below it from ~', () => {
    expect(promptFor('/root')).toBe('root@metallb-lab:~# ');
    expect(promptFor('/root/manifests')).toBe('root@metallb-lab:~/manifests# ');
  });
  it('shows other directories in full, including ones that only start with the same letters', () => {
    expect(promptFor('/tmp')).toBe('root@metallb-lab:/tmp# ');
    expect(promptFor('/')).toBe('root@metallb-lab:/# ');
    expect(promptFor('/rootfs')).toBe('root@metallb-lab:/rootfs# ');
  });
});

describe('echoedCommand', () => {
  it('puts the prompt before the first line and "> " before each further one', () => {
    expect(CONT_PROMPT).toBe('> ');
    expect(echoedCommand('root@metallb-lab:~# ', 'ls')).toBe('root@metallb-lab:~# ls');
    expect(echoedCommand('root@metallb-lab:~# ', 'cat <<EOF\na\nEOF')).toBe('root@metallb-lab:~# cat <<EOF\n> a\n> EOF');
    expect(echoedCommand('router# ', '')).toBe('router# ');
  });
});

describe('searchPrompt', () => {
  it("is readline's (reverse-i-search)`query': and says failed when nothing matches", () => {
    expect(searchPrompt('', false)).toBe("(reverse-i-search)`': ");
    expect(searchPrompt('kub', false)).toBe("(reverse-i-search)`kub': ");
    expect(searchPrompt('kubx', true)).toBe("(failed reverse-i-search)`kubx': ");
  });
});
