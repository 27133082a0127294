import { describe, expect, test } from 'vitest';
import {
  RequestParser,
  ResponseParser,
  canonicalHeaderKey,
  encodeRequest,
  goRequestWrite,
  goResponseHead,
  goServerRequest,
  httpDate,
  requestURI
} from '../../../src/lib/engine/apps/http';

const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));

describe("Go's request wire format (r.Write)", () => {
  test('Host first, User-Agent second, the rest sorted by key, CRLF', () => {
    const g = goServerRequest({
      method: 'GET',
      target: '/',
      version: 'HTTP/1.1',
      headers: [
        ['Host', '172.18.255.200'],
        ['x-forwarded-for', '1.2.3.4'],
        ['User-Agent', 'curl/8.14.1'],
        ['Accept', '*/*']
      ],
      body: new Uint8Array(0)
    });
    if (!g.ok) throw new Error(g.error);
    expect(goRequestWrite(g.request)).toBe('GET / HTTP/1.1\r\nHost: 172.18.255.200\r\nUser-Agent: curl/8.14.1\r\nAccept: */*\r\nX-Forwarded-For: 1.2.3.4\r\n\r\n');
  });

  test('no User-Agent from the client: Go writes its own; repeated headers stay in order', () => {
    const g = goServerRequest({
      method: 'GET',
      target: 'http://example/a?b=1#frag',
      version: 'HTTP/1.1',
      headers: [
        ['host', 'example'],
        ['X-A', '2'],
        ['x-a', '1']
      ],
      body: new Uint8Array(0)
    });
    if (!g.ok) throw new Error(g.error);
    expect(goRequestWrite(g.request)).toBe('GET /a?b=1 HTTP/1.1\r\nHost: example\r\nUser-Agent: Go-http-client/1.1\r\nX-A: 2\r\nX-A: 1\r\n\r\n');
  });

  test('HTTP/1.1 without Host is a 400; POST gets a Content-Length', () => {
    expect(goServerRequest({ method: 'GET', target: '/', version: 'HTTP/1.1', headers: [], body: new Uint8Array(0) })).toEqual({ ok: false, error: 'missing required Host header' });
    const g = goServerRequest({ method: 'POST', target: '/', version: 'HTTP/1.1', headers: [['Host', 'h'], ['User-Agent', 'u'], ['Content-Length', '3']], body: bytes('a=b') });
    if (!g.ok) throw new Error(g.error);
    expect(goRequestWrite(g.request)).toBe('POST / HTTP/1.1\r\nHost: h\r\nUser-Agent: u\r\nContent-Length: 3\r\n\r\na=b');
  });

  test('canonical header keys and request URIs', () => {
    expect(canonicalHeaderKey('accept-encoding')).toBe('Accept-Encoding');
    expect(canonicalHeaderKey('X-FORWARDED-FOR')).toBe('X-Forwarded-For');
    expect(canonicalHeaderKey('bad key')).toBe('bad key');
    expect(requestURI('/')).toBe('/');
    expect(requestURI('http://h:8080')).toBe('/');
    expect(requestURI('http://h/x/y?z')).toBe('/x/y?z');
  });
});

describe('response heads', () => {
  test("net/http's order: handler headers sorted, then Date, Content-Length, Content-Type", () => {
    const h = goResponseHead(200, new Map([['X-B', ['2']], ['Access-Control-Allow-Origin', ['*']]]), { date: 'Thu, 03 Oct 2024 09:00:00 GMT', contentLength: 5, contentType: 'text/plain; charset=utf-8' });
    expect(h).toBe('HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: *\r\nX-B: 2\r\nDate: Thu, 03 Oct 2024 09:00:00 GMT\r\nContent-Length: 5\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n');
  });

  test('http.TimeFormat', () => {
    expect(httpDate(new Date(Date.UTC(2024, 9, 3, 9, 5, 7)))).toBe('Thu, 03 Oct 2024 09:05:07 GMT');
    expect(httpDate(new Date(Date.UTC(2025, 0, 1, 0, 0, 0)))).toBe('Wed, 01 Jan 2025 00:00:00 GMT');
  });
});

describe('parsers', () => {
  test('a response by Content-Length, fed in pieces', () => {
    const p = new ResponseParser();
    expect(p.feed(bytes('HTTP/1.1 200 OK\r\nContent-Le')).state).toBe('head');
    const s = p.feed(bytes('ngth: 5\r\n\r\nhel'));
    expect(s.state).toBe('body');
    expect(p.bodyBytes).toBe(3);
    expect(p.expectedLength).toBe(5);
    const done = p.feed(bytes('lo'));
    if (done.state !== 'done') throw new Error(done.state);
    expect(Buffer.from(done.response.body).toString()).toBe('hello');
    expect(done.rawHead).toBe('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n');
  });

  test('chunked, read-until-close and HEAD responses', () => {
    const c = new ResponseParser();
    const s = c.feed(bytes('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n'));
    if (s.state !== 'done') throw new Error(s.state);
    expect(Buffer.from(s.response.body).toString()).toBe('abcde');

    const close = new ResponseParser();
    expect(close.feed(bytes('HTTP/1.0 200 OK\r\n\r\nuntil close')).state).toBe('body');
    const e = close.end();
    if (e.state !== 'done') throw new Error(e.state);
    expect(Buffer.from(e.response.body).toString()).toBe('until close');

    const head = new ResponseParser({ noBody: true });
    expect(head.feed(bytes('HTTP/1.1 200 OK\r\nContent-Length: 227\r\n\r\n')).state).toBe('done');

    expect(new ResponseParser().feed(bytes('garbage\r\n\r\n')).state).toBe('error');
  });

  test('requests on a keep-alive connection come out one by one', () => {
    const p = new RequestParser();
    p.feed(bytes('GET /a HTTP/1.1\r\nHost: h\r\n\r\nPOST /b HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nx'));
    const a = p.next();
    expect(a.state === 'request' && a.request.target).toBe('/a');
    expect(p.next().state).toBe('more');
    p.feed(bytes('y'));
    const b = p.next();
    if (b.state !== 'request') throw new Error(b.state);
    expect([b.request.method, Buffer.from(b.request.body).toString()]).toEqual(['POST', 'xy']);
    p.feed(bytes('NOT A REQUEST LINE AT ALL\r\n\r\n'));
    expect(p.next().state).toBe('error');
  });

  test('encodeRequest keeps the order it is given', () => {
    const b = encodeRequest({ method: 'GET', target: '/', version: 'HTTP/1.1', headers: [['Host', 'h'], ['Accept', '*/*']], body: new Uint8Array(0) });
    expect(Buffer.from(b).toString()).toBe('GET / HTTP/1.1\r\nHost: h\r\nAccept: */*\r\n\r\n');
  });
});
