/**
 * A problem with the caller's arguments, found before anything is sent to Atlassian. It becomes a
 * tool result with `isError: true` (the model can fix its call), never a JSON-RPC error.
 */
export class ArgumentError extends Error {
  constructor(
    message: string,
    readonly problems: string[] = [message],
  ) {
    super(message);
    this.name = "ArgumentError";
  }
}
