import type { ErrorCode } from '@gongzhi/contract/common';
import type { RouteDef } from '@gongzhi/contract/route';
import type { z } from 'zod';

/**
 * `params`/`query`/`body` take the schema's input type (defaults may be omitted); each is required when the route
 * declares it with at least one required field, optional when every field is optional.
 */
type Slot<K extends string, S> = S extends z.ZodType
  ? object extends z.input<S>
    ? { [P in K]?: z.input<S> }
    : { [P in K]: z.input<S> }
  : { [P in K]?: undefined };
export type CallInput<D> =
  D extends RouteDef<infer P, infer Q, infer B, z.ZodType>
    ? Slot<'params', P> & Slot<'query', Q> & Slot<'body', B>
    : never;
export type CallOutput<D> =
  D extends RouteDef<z.ZodType | undefined, z.ZodType | undefined, z.ZodType | undefined, infer R>
    ? z.output<R>
    : never;
/** The input argument may be left out when the route needs none. */
type InputArgs<D> = object extends CallInput<D> ? [input?: CallInput<D>] : [input: CallInput<D>];

/** A non-2xx answer from the API (or no answer at all: code `NETWORK`). `message` is Chinese, written for a person. */
export class ApiError extends Error {
  readonly code: ErrorCode | 'NETWORK';
  readonly status: number;
  readonly fields: Record<string, string>;
  readonly requestId: string | undefined;

  constructor(
    code: ErrorCode | 'NETWORK',
    message: string,
    status: number,
    fields?: Record<string, string>,
    requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.fields = fields ?? {};
    this.requestId = requestId;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;

/** The session hook stores the token the server returned at login/restore; every non-GET request echoes it. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called once when an authenticated call answers 401 (the session expired): the app drops the cached session. */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

function fillPath(path: string, params: unknown): string {
  const values = (params ?? {}) as Record<string, unknown>;
  return path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined || value === null) throw new Error(`缺少路径参数 ${name}`);
    return encodeURIComponent(String(value));
  });
}

function queryString(query: unknown): string {
  if (!query) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query as Record<string, unknown>)) {
    if (value === undefined || value === null || value === '') continue;
    for (const item of Array.isArray(value) ? value : [value]) search.append(key, String(item));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** The URL of a route with its path params filled in and its query serialised. */
export function routeUrl<D extends RouteDef>(
  route: D,
  input?: { params?: unknown; query?: unknown },
): string {
  return fillPath(route.path, input?.params) + queryString(input?.query);
}

async function send(route: RouteDef, url: string, init: RequestInit): Promise<unknown> {
  const headers = new Headers(init.headers);
  headers.set('accept', 'application/json');
  if (route.method !== 'GET' && csrfToken) headers.set('x-csrf-token', csrfToken);
  let response: Response;
  try {
    response = await fetch(url, { ...init, method: route.method, headers, credentials: 'same-origin' });
  } catch {
    throw new ApiError('NETWORK', '无法连接服务器，请检查网络后重试', 0);
  }
  const text = await response.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!response.ok) {
    const body = (data ?? {}) as {
      code?: ErrorCode;
      message?: string;
      fields?: Record<string, string>;
      requestId?: string;
    };
    const error = new ApiError(
      body.code ?? 'INTERNAL',
      body.message ?? `服务器错误（${response.status}）`,
      response.status,
      body.fields,
      body.requestId,
    );
    if (response.status === 401 && !route.isPublic && onUnauthenticated) onUnauthenticated();
    throw error;
  }
  return data;
}

/** Calls one API operation, typed from its contract route. Throws ApiError on a non-2xx answer. */
export async function call<D extends RouteDef>(route: D, ...args: InputArgs<D>): Promise<CallOutput<D>> {
  const input = (args[0] ?? {}) as { params?: unknown; query?: unknown; body?: unknown };
  const init: RequestInit = {};
  if (input.body !== undefined) {
    init.body = JSON.stringify(input.body);
    init.headers = { 'content-type': 'application/json' };
  }
  return (await send(route, routeUrl(route, input), init)) as CallOutput<D>;
}

/** Sends a multipart form (file uploads) to a route; the browser sets the multipart boundary. */
export async function upload<D extends RouteDef>(
  route: D,
  formData: FormData,
  input?: { params?: CallInput<D>['params']; query?: CallInput<D>['query'] },
): Promise<CallOutput<D>> {
  return (await send(route, routeUrl(route, input), { body: formData })) as CallOutput<D>;
}

/** The URL of a GET file download (the session cookie authenticates it), for `<a href>` or window.open. */
export function downloadUrl<D extends RouteDef>(route: D, ...args: InputArgs<D>): string {
  return routeUrl(route, args[0] as { params?: unknown; query?: unknown } | undefined);
}
