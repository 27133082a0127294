import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cloneJson, jsonEqual } from '../../../src/lib/engine/k8s/json-value';

// Values shaped like stored objects, plus what JSON.stringify treats specially (undefined,
// non-finite numbers, -0, holes, dates, "__proto__" keys, key order).
const leaf = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.boolean(),
  fc.constantFrom(0, -0, 1, 1.5, NaN, Infinity, -Infinity),
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom('', 'a', '1', 'true', 'null'),
  fc.constant(new Date(0))
);
const key = fc.constantFrom('a', 'b', 'c', '0', '10', '__proto__', 'spec');
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(key, tie('value'), { maxKeys: 4 })
}));

describe('jsonEqual', () => {
  it('agrees with comparing JSON.stringify outputs (random pairs)', () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        expect(jsonEqual(a, b)).toBe(JSON.stringify(a) === JSON.stringify(b));
      }),
      { numRuns: 3000 }
    );
  });

  it('agrees with comparing JSON.stringify outputs (a value against its copy, possibly edited)', () => {
    fc.assert(
      fc.property(value, value, fc.boolean(), (a, extra, edit) => {
        const b = structuredClone(a) as unknown;
        if (edit && b && typeof b === 'object' && !(b instanceof Date)) (b as Record<string, unknown>).spec = extra;
        expect(jsonEqual(a, b)).toBe(JSON.stringify(a) === JSON.stringify(b));
      }),
      { numRuns: 3000 }
    );
  });

  it('worked examples', () => {
    expect(jsonEqual({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false); // key order is part of the JSON
    expect(jsonEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true); // undefined properties are left out
    expect(jsonEqual([undefined], [null])).toBe(true); // ...and written as null in arrays
    expect(jsonEqual([NaN], [null])).toBe(true);
    expect(jsonEqual(0, -0)).toBe(true);
    expect(jsonEqual(1, '1')).toBe(false);
    expect(jsonEqual({ d: new Date(0) }, { d: '1970-01-01T00:00:00.000Z' })).toBe(true);
    expect(jsonEqual(undefined, null)).toBe(false); // undefined vs "null"
  });
});

describe('cloneJson', () => {
  it('gives what structuredClone gives, as a separate copy', () => {
    fc.assert(
      fc.property(value, (v) => {
        const c = cloneJson(v);
        expect(c).toStrictEqual(structuredClone(v));
        if (v && typeof v === 'object') expect(c).not.toBe(v);
      }),
      { numRuns: 3000 }
    );
  });

  it('keeps a "__proto__" key as data, array holes as holes, and throws on functions', () => {
    const src = JSON.parse('{"__proto__": {"x": 1}, "y": [1]}') as Record<string, unknown>;
    const c = cloneJson(src);
    expect(Object.getPrototypeOf(c)).toBe(Object.prototype);
    expect(Object.keys(c)).toEqual(['__proto__', 'y']);
    expect(JSON.stringify(c)).toBe('{"__proto__":{"x":1},"y":[1]}');
    // eslint-disable-next-line no-sparse-arrays
    const holes = cloneJson([1, , 3]);
    expect(1 in holes).toBe(false);
    expect(holes.length).toBe(3);
    expect(() => cloneJson({ f: () => 1 })).toThrow();
  });
});
