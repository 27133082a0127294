import { describe, expect, test } from 'vitest';
import { formatLabelSelector, matchesMap, matchesSelector, parseSelector, selectorErrorMessage, selectorToString } from '../../../src/lib/engine/k8s/labels';

const parse = (s: string) => {
  const r = parseSelector(s);
  if (!r.ok) throw new Error(r.error);
  return r.selector;
};
const error = (s: string) => {
  const r = parseSelector(s);
  return r.ok ? null : r.error;
};

describe('label selectors', () => {
  test('LabelSelector matching: matchLabels AND matchExpressions; nil matches nothing, {} everything', () => {
    const labels = { app: 'webpod', tier: 'web' };
    expect(matchesSelector(labels, { matchLabels: { app: 'webpod' } })).toBe(true);
    expect(matchesSelector(labels, { matchLabels: { app: 'webpod' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['db'] }] })).toBe(false);
    expect(matchesSelector(labels, { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] })).toBe(true);
    expect(matchesSelector(labels, { matchExpressions: [{ key: 'env', operator: 'Exists' }] })).toBe(false);
    expect(matchesSelector(labels, { matchExpressions: [{ key: 'env', operator: 'DoesNotExist' }] })).toBe(true);
    expect(matchesSelector(labels, undefined)).toBe(false);
    expect(matchesSelector(labels, {})).toBe(true);
  });

  test('map selectors (Service.spec.selector)', () => {
    expect(matchesMap({ app: 'webpod', x: 'y' }, { app: 'webpod' })).toBe(true);
    expect(matchesMap({ app: 'other' }, { app: 'webpod' })).toBe(false);
    expect(matchesMap(undefined, { app: 'webpod' })).toBe(false);
    expect(matchesMap({ constructor: 'x' }, { toString: 'y' })).toBe(false);
  });

  test('kubectl -l syntax', () => {
    expect(parse('app=webpod').matches({ app: 'webpod' })).toBe(true);
    expect(parse('app==webpod').matches({ app: 'webpod' })).toBe(true);
    expect(parse('app!=x').matches({})).toBe(true);
    expect(parse('app!=x').matches({ app: 'x' })).toBe(false);
    expect(parse('app').matches({ app: '' })).toBe(true);
    expect(parse('!app').matches({ app: '' })).toBe(false);
    const s = parse('env in (a, b),tier notin (db),app');
    expect(s.matches({ env: 'b', app: 'x' })).toBe(true);
    expect(s.matches({ env: 'b', app: 'x', tier: 'db' })).toBe(false);
    expect(s.matches({ env: 'c', app: 'x' })).toBe(false);
    // Canonical form: requirements sorted by key, values sorted.
    expect(s.toString()).toBe('app,env in (a,b),tier notin (db)');
    expect(parse('x in (in, notin)').matches({ x: 'notin' })).toBe(true);
    expect(parse('n>3').matches({ n: '4' })).toBe(true);
    expect(parse('').matches({ any: 'thing' })).toBe(true);
  });

  test('parse errors use the real parser texts', () => {
    expect(error('app in a')).toBe("unable to parse requirement: found 'a' expected: '('");
    expect(error('app in (a')).toBe("unable to parse requirement: found '', expected: ',' or ')'");
    expect(error('=x')).toBe("found '=', expected: !, identifier, or 'end of string'");
    expect(error('app=x,')).toBe("found '', expected: identifier after ','");
    expect(error('app x')).toBe("unable to parse requirement: found 'x', expected: in, notin, =, ==, !=, gt, lt");
    expect(error('app=a b')).toBe("found 'b', expected: ',' or 'end of string'");
    expect(error('app=a$')).toBe(
      "unable to parse requirement: values[0][app]: Invalid value: \"a$\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
    );
    expect(error('-app')).toMatch(/^unable to parse requirement: <nil>: Invalid value: "-app": name part must consist of/);
    expect(selectorErrorMessage({ group: '', version: 'v1', plural: 'pods' }, 'app in a', error('app in a')!)).toBe(
      'Unable to find "/v1, Resource=pods" that match label selector "app in a", field selector "": unable to parse requirement: found \'a\' expected: \'(\''
    );
  });

  test('printing', () => {
    expect(selectorToString({ tier: 'web', app: 'webpod' })).toBe('app=webpod,tier=web');
    expect(selectorToString({})).toBe('');
    expect(formatLabelSelector({ matchLabels: { app: 'webpod' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['b', 'a'] }] })).toBe('app=webpod,env in (a,b)');
    expect(formatLabelSelector({})).toBe('<none>');
    expect(formatLabelSelector(undefined)).toBe('<none>');
  });
});
