// Every HTTP request body is read under a byte budget and checked to be UTF-8 before yoga parses it:
// without a budget one request of any size is buffered whole (and parsed, and its document cached), and a
// body with invalid UTF-8 would be decoded with U+FFFD in place of the bad bytes, silently storing
// something other than what the client sent. Both are refused with a typed error and nothing runs.
// (WebSocket messages have the same budget as ws's maxPayload, and ws rejects invalid UTF-8 itself.)
import { isUtf8 } from 'node:buffer';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

export const REQUEST_BODY_CODES = { tooLarge: 'REQUEST_TOO_LARGE', invalidUtf8: 'INVALID_UTF8' } as const;

function tooLarge(maxBytes: number) {
  return createGraphQLError(`The request body is larger than ${maxBytes} bytes, the most one request may have.`, {
    extensions: { code: REQUEST_BODY_CODES.tooLarge, limit: maxBytes, http: { status: 413 } },
  });
}

/** The body's bytes, or a REQUEST_TOO_LARGE error as soon as it passes `maxBytes` (the rest is not read). */
async function readBounded(request: Request, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

export function useRequestBodyLimits(maxBytes: number): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      if (request.method !== 'POST' || !requestParser) return;
      setRequestParser(async (original) => {
        const body = await readBounded(original, maxBytes);
        if (!isUtf8(body)) {
          throw createGraphQLError('The request body is not valid UTF-8.', {
            extensions: { code: REQUEST_BODY_CODES.invalidUtf8, http: { status: 400 } },
          });
        }
        // yoga's own parser (JSON, form, multipart) reads the checked bytes from a copy of the request.
        return requestParser(
          new fetchAPI.Request(original.url, { method: 'POST', headers: original.headers, body: body.toString('utf8') }),
        );
      });
    },
  };
}
