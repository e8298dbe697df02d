import pino, { type DestinationStream, type Logger } from "pino";
import type { LogLevel } from "../config.js";

export type { Logger } from "pino";

/**
 * JSON logs on stderr (stdout stays free for the CLI's own output). Redaction is a second line of
 * defence: the code never logs secrets on purpose, and these paths catch the obvious accidents.
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "atlasgate" },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          "req.headers.authorization",
          "headers.authorization",
          "*.token",
          "*.apiToken",
          "*.api_token",
          "*.password",
          "*.secret",
          "*.accessToken",
          "*.refreshToken",
        ],
        censor: "<redacted>",
      },
    },
    destination ?? pino.destination({ fd: 2, sync: false }),
  );
}

/** The request path as it may appear in logs: the bearer-like MCP token in /mcp/:token is hidden. */
export function loggablePath(path: string): string {
  return path.replace(/^\/mcp\/[^/?#]+/, "/mcp/<redacted>");
}
