import { describe, expect, it } from 'vitest';
import { runTranscript } from '../../../src/cli/transcript';

// A terminal shows stdout and stderr in the order they were written; `npm run lab` must too.
describe('transcript output order', () => {
  it('prints an error before the output of the commands after it on the same line', async () => {
    const { text, exitCodes } = await runTranscript('docker network rm nosuch; echo after\nfalse\necho $?\n', { scenario: 'empty' });
    expect(text).toBe(['$ docker network rm nosuch; echo after', 'Error response from daemon: network nosuch not found', 'after', '$ false', '$ echo $?', '1', ''].join('\n'));
    expect(exitCodes).toEqual([0, 1, 0]);
  });

  it('keeps the order of several lab commands on one line, each stream as it was written', async () => {
    const { text } = await runTranscript('docker network rm nosuch; docker network ls --format {{.Name}}\nkubectl get ns nope; kubectl get ns default -o name\n', { scenario: 'kind' });
    expect(text).toBe(
      [
        '$ docker network rm nosuch; docker network ls --format {{.Name}}',
        'Error response from daemon: network nosuch not found',
        'bridge',
        'host',
        'kind',
        'none',
        '$ kubectl get ns nope; kubectl get ns default -o name',
        'Error from server (NotFound): namespaces "nope" not found',
        'namespace/default',
        ''
      ].join('\n')
    );
  });
});
