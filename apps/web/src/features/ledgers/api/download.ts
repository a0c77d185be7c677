import { ApiError } from '../../../lib/api-client.ts';

/** The file name from `content-disposition: attachment; filename*=UTF-8''…`. */
function fileNameOf(response: Response, fallback: string): string {
  const header = response.headers.get('content-disposition') ?? '';
  const match = /filename\*=UTF-8''([^;]+)/i.exec(header);
  return match?.[1] ? decodeURIComponent(match[1]) : fallback;
}

/**
 * POSTs JSON and saves the xlsx the server answers with (unmasked exports are POSTs: the reason travels in the
 * body and the request carries the CSRF token).
 */
export async function postAndDownload(
  path: string,
  body: unknown,
  csrfToken: string,
  fallbackName: string,
): Promise<void> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken },
      body: JSON.stringify(body),
    });
  } catch {
    throw new ApiError('NETWORK', '无法连接服务器，请检查网络后重试', 0);
  }
  if (!response.ok) {
    const data = (await response.json().catch(() => ({}))) as {
      code?: never;
      message?: string;
      fields?: Record<string, string>;
      requestId?: string;
    };
    throw new ApiError(
      data.code ?? 'INTERNAL',
      data.message ?? `服务器错误（${response.status}）`,
      response.status,
      data.fields,
      data.requestId,
    );
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileNameOf(response, fallbackName);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
