import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import type { Server } from 'node:https';

export const MIME: Record<string, string>;
export function contentType(file: string): string;
export function cacheControl(pathname: string): string;
export function safePath(rawUrl: string | undefined): string | null;
export function acceptedEncodings(header: string | string[] | undefined): { br: boolean; gzip: boolean };
export function createStaticHandler(root: string, opts?: { base?: string }): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
export function startServer(opts: { root: string; key: string; cert: string; base?: string; port?: number; host?: string }): Promise<Server>;
export function startServer(opts: { root: string; base?: string; port?: number; host?: string }): Promise<HttpServer>;
