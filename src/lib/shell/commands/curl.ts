import { runCurl } from '../curl/run';
import type { LabCommand } from '../types';

/** `curl` (netshoot's curl 8.x) over the lab's TCP stack; see shell/curl/run.ts. */
export const curlCommand: LabCommand = {
  name: 'curl',
  run: (args, ctx) => runCurl(args, ctx)
};
