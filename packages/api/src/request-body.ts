/** The most a request to /api/trpc or /api/v1 may carry (a flow document, a component's code). */
export const MAX_API_BODY_BYTES = 11 * 1024 * 1024;

/**
 * A request's body read whole, refused past `limit` bytes: at once when its Content-Length says
 * so, otherwise as soon as what came passes it (the rest is never read). The words of a refusal.
 */
export async function readBodyWithin(request: Request, limit = MAX_API_BODY_BYTES): Promise<{ body: Buffer } | { tooLarge: string }> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) return { tooLarge: `body: ${declared} bytes, over the limit of ${limit}` };
  if (!request.body) return { body: Buffer.alloc(0) };
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return { tooLarge: `body: over the limit of ${limit} bytes` };
    }
    chunks.push(value);
  }
  return { body: Buffer.concat(chunks) };
}

/** The request with its body read within the limit (for handlers that read it themselves), or the 413 to answer. */
export async function withBodyWithin(request: Request, limit = MAX_API_BODY_BYTES): Promise<Request | Response> {
  if (request.method === "GET" || request.method === "HEAD") return request;
  const read = await readBodyWithin(request, limit);
  if ("tooLarge" in read) return Response.json({ error: { code: "PAYLOAD_TOO_LARGE", message: read.tooLarge } }, { status: 413 });
  return new Request(request.url, { method: request.method, headers: request.headers, body: new Uint8Array(read.body) });
}
