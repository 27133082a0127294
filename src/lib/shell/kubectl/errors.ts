import type { ApiError } from '../../engine/k8s/errors';
import type { CommandResult } from '../types';

/**
 * The errors a kubectl verb collects, and how kubectl's CheckErr prints them:
 *  - one error: API errors as `Error from server (Reason): msg` (Invalid as `The Kind "x" is
 *    invalid: …`), anything else with an `error: ` prefix;
 *  - several: one line each, API errors as above and the others with no prefix (MultipleErrors).
 */
export type KubectlError =
  | { t: 'api'; err: ApiError }
  /** A plain client-side error (`error: ` is added when printed alone). */
  | { t: 'plain'; msg: string }
  /** Already formatted (connection messages): printed as is. */
  | { t: 'raw'; msg: string }
  /** A server error without a reason (a failed proxy to the kubelet): `Error from server: msg`. */
  | { t: 'srv'; msg: string };

export function apiErr(err: ApiError): KubectlError {
  return { t: 'api', err };
}

export function serverError(msg: string): KubectlError {
  return { t: 'srv', msg };
}

export function plain(msg: string): KubectlError {
  return { t: 'plain', msg };
}

/** cmdutil.AddSourceToErr: `error when creating "STDIN": <message>`, keeping the reason. */
export function withSource(verb: string, source: string, err: ApiError): ApiError {
  return source ? { ...err, message: `error when ${verb} ${JSON.stringify(source)}: ${err.message}` } : err;
}

function serverMessage(err: ApiError): string {
  if (err.reason) return `Error from server (${err.reason}): ${err.message}`;
  return `Error from server: ${err.message}`;
}

/** StandardErrorMessage / messageForError for one error inside a list. */
/** An Invalid message without the source prefix, as "Kind "name" is invalid: …" (no "The "). */
function invalidBody(message: string): string {
  return message.replace(/^error when [a-z ]+ "[^"]*": /, '').replace(/^The (?=\S+ "[^"]*" is invalid)/, '');
}

function listMessage(e: KubectlError): string {
  if (e.t === 'api' && e.err.reason === 'Invalid') {
    const src = /^(error when [a-z ]+ "[^"]*": )/.exec(e.err.message)?.[1] ?? '';
    return serverMessage({ ...e.err, message: src + invalidBody(e.err.message) });
  }
  if (e.t === 'api') return serverMessage(e.err);
  if (e.t === 'srv') return `Error from server: ${e.msg}`;
  return e.msg;
}

/** checkErr for a single error. */
function singleMessage(e: KubectlError): string {
  if (e.t === 'raw') return e.msg;
  if (e.t === 'srv') return `Error from server: ${e.msg}`;
  if (e.t === 'plain') return e.msg.startsWith('error: ') ? e.msg : `error: ${e.msg}`;
  if (e.err.reason === 'Invalid') {
    // checkErr prints Invalid errors from the status details, without the source: "The Kind
    // "name" is invalid: causes". The engine's messages carry kind, name and causes that way.
    const body = invalidBody(e.err.message);
    if (/^[A-Za-z][\w.]* "[^"]*" is invalid/.test(body)) return `The ${body}`;
    return 'The request is invalid';
  }
  return serverMessage(e.err);
}

/** The stderr text for the errors of one kubectl run (empty when none). */
export function formatErrors(errs: KubectlError[]): string {
  if (!errs.length) return '';
  if (errs.length === 1) {
    const m = singleMessage(errs[0]);
    return m.endsWith('\n') ? m : m + '\n';
  }
  return errs.map((e) => listMessage(e).replace(/\n$/, '') + '\n').join('');
}

/** Collects a verb's output; errors are printed last, as kubectl returns them from Run. */
export class Output {
  stdout = '';
  stderr = '';
  readonly errors: KubectlError[] = [];

  out(s: string): void {
    this.stdout += s;
  }

  err(s: string): void {
    this.stderr += s;
  }

  fail(e: KubectlError): void {
    this.errors.push(e);
  }

  result(): CommandResult {
    return { stdout: this.stdout, stderr: this.stderr + formatErrors(this.errors), exitCode: this.errors.length ? 1 : 0 };
  }
}

/** A verb that stops with one error (usage errors, bad flags), plus what was printed before. */
export function failWith(e: KubectlError, o?: Output): CommandResult {
  const base = o ?? new Output();
  base.fail(e);
  return base.result();
}

/** cmdutil.UsageErrorf: the message and "See '<cmd> -h' for help and examples". */
export function usageError(cmdPath: string, msg: string): KubectlError {
  return plain(`${msg}\nSee '${cmdPath} -h' for help and examples`);
}
