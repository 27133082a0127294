export const PRECOMPRESS_EXTENSIONS: Set<string>;
export const PRECOMPRESS_MIN_BYTES: number;
export const BROTLI_QUALITY: number;
export function gzipBytes(buf: Buffer): Promise<Buffer>;
export function brotliBytes(buf: Buffer): Promise<Buffer>;
export function wantsTwins(file: string): boolean;
export function precompressDir(dir: string): Promise<{ files: number; bytes: number; gzBytes: number; brBytes: number }>;
/** The part of SvelteKit's adapter Builder the wrapper uses. */
export interface LoggingBuilder {
  log: { info(message: string): void };
}
export function withPrecompress<A extends { adapt(builder: never): unknown }>(adapter: A, dir: string): Omit<A, 'adapt'> & { adapt(builder: LoggingBuilder): Promise<void> };
