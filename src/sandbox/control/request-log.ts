/** One request as the sandbox saw it: what tests assert on (e.g. "exactly one refresh per expiry"). */
export interface LoggedRequest {
  seq: number;
  time: number;
  method: string;
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body, a form body as an object, or a text excerpt; secrets in OAuth bodies are masked. */
  body: unknown;
  identity: { accountId: string; kind: string; clientId: string | null; credentialKey: string } | null;
  status: number;
  durationMs: number;
  /** Set when a fault answered instead of the emulator (`rate-limit`, `error`, `reset`). */
  fault: string | null;
}

/** A bounded ring of recent requests; the oldest are dropped so a long benchmark cannot exhaust memory. */
export class RequestLog {
  private entries: LoggedRequest[] = [];
  private seq = 0;

  constructor(private readonly capacity = 50_000) {}

  add(entry: Omit<LoggedRequest, "seq">): void {
    this.seq++;
    this.entries.push({ ...entry, seq: this.seq });
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }

  list(): readonly LoggedRequest[] {
    return this.entries;
  }

  clear(): void {
    this.entries = [];
  }
}
