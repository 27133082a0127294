/**
 * API errors as the API server returns them (metav1.Status). kubectl turns them into
 * `Error from server (<Reason>): <message>`.
 */
export type StatusReason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'Forbidden'
  | 'BadRequest'
  | 'MethodNotAllowed'
  | 'InternalError'
  | 'ServiceUnavailable'
  | 'Timeout';

export interface ApiError {
  kind: 'ApiError';
  code: number;
  reason: StatusReason;
  message: string;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export function ok<T>(value: T): ApiResult<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: number, reason: StatusReason, message: string): ApiResult<T> {
  return { ok: false, error: { kind: 'ApiError', code, reason, message } };
}

/** `pods "nope" not found`; the resource is printed as plural, with ".group" when not core. */
export function notFound<T = never>(resource: string, name: string): ApiResult<T> {
  return fail(404, 'NotFound', `${resource} "${name}" not found`);
}

export function alreadyExists<T = never>(resource: string, name: string): ApiResult<T> {
  return fail(409, 'AlreadyExists', `${resource} "${name}" already exists`);
}

export function invalid<T = never>(kind: string, name: string, causes: string[]): ApiResult<T> {
  return fail(422, 'Invalid', `${kind} "${name}" is invalid: ${causes.join(', ')}`);
}
