export interface ManifestEntry {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
}
export function labChunksFor(manifest: Record<string, ManifestEntry>, pageFiles: string[], wanted: (id: string) => boolean): string[];
export function withPreloads(html: string, files: string[]): string;
export function preloadedFiles(html: string): string[];
export function labPreloadUrls(html: string): string[];
export function addLabPreloads(dir: string, manifest: Record<string, ManifestEntry>, wanted: (id: string) => boolean): Promise<string[]>;
/** The part of SvelteKit's adapter Builder the wrapper uses. */
export interface ManifestBuilder {
  config: { kit: { outDir: string } };
  log: { info(message: string): void };
}
export function withLabPreload<A extends { adapt(builder: never): unknown }>(adapter: A, dir: string, modules: string[]): Omit<A, 'adapt'> & { adapt(builder: ManifestBuilder): Promise<void> };
