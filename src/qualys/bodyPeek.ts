import { HttpResponse, readBodyText } from './transport';

/**
 * Reads the first chunks of a streamed body ahead of its consumer, then hands
 * the response back with those chunks in front again. A decision on how a body
 * starts thus costs a chunk or two of memory, never the whole answer, and the
 * consumer still reads the body as it arrives.
 */
export class BodyPeek {
  /** What was read ahead, decoded; a byte order mark is kept as U+FEFF. */
  text = '';
  /** True once the body has no more bytes. */
  ended = false;
  private readonly chunks: Uint8Array[] = [];
  private readonly iterator: AsyncIterator<Uint8Array>;
  // The mark is kept so that its three bytes can be counted and skipped.
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  private size = 0;

  constructor(private readonly response: HttpResponse) {
    this.iterator = response.body[Symbol.asyncIterator]();
  }

  get bytesRead(): number {
    return this.size;
  }

  /** Reads one more chunk ahead; a stall or a network error is thrown as is. */
  async readChunk(): Promise<void> {
    if (this.ended) return;
    const next = await this.iterator.next();
    if (next.done) {
      this.ended = true;
      this.text += this.decoder.decode();
      return;
    }
    this.chunks.push(next.value);
    this.size += next.value.byteLength;
    this.text += this.decoder.decode(next.value, { stream: true });
  }

  /**
   * The same response, its body starting `skip` bytes into what was read
   * ahead and continuing with the bytes not yet read. Call it once.
   */
  rewound(skip = 0): HttpResponse {
    const original = this.response;
    const body = replay(withoutFirstBytes(this.chunks, skip), this.iterator);
    return {
      status: original.status,
      headers: original.headers,
      body,
      readText: (limit: number) => readBodyText(body, limit),
      discard: () => original.discard(),
    };
  }
}

async function* replay(head: Uint8Array[], rest: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array> {
  try {
    for (const chunk of head) yield chunk;
    for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
  } finally {
    // A consumer that stops early must stop the underlying body too, which
    // drops the rest of the answer and frees the connection.
    await rest.return?.();
  }
}

function withoutFirstBytes(chunks: readonly Uint8Array[], count: number): Uint8Array[] {
  const kept: Uint8Array[] = [];
  let left = count;
  for (const chunk of chunks) {
    if (left >= chunk.byteLength) {
      left -= chunk.byteLength;
      continue;
    }
    kept.push(left > 0 ? chunk.subarray(left) : chunk);
    left = 0;
  }
  return kept;
}
