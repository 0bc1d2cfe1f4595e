import { pino } from "pino";
import pretty from "pino-pretty";

export type Logger = pino.Logger;

export interface LoggerOptions {
  /**
   * One readable line per entry (time, level, message, fields) instead of JSON: for a
   * person watching a terminal (`npm start` in local mode). Log collectors get JSON.
   */
  pretty?: boolean;
  /** Where the lines go (stdout unless told). */
  destination?: NodeJS.WritableStream;
}

export function createLogger(
  level: string = process.env.LOG_LEVEL ?? "info",
  opts: LoggerOptions = {},
): Logger {
  const options = { level, base: { app: "shurayar" } };
  if (opts.pretty) {
    return pino(
      options,
      pretty({
        // Synchronous, in this thread: a line is on the screen before the process can exit.
        sync: true,
        colorize: opts.destination === undefined && process.stdout.isTTY === true,
        translateTime: "SYS:HH:MM:ss",
        ignore: "pid,hostname,app",
        ...(opts.destination ? { destination: opts.destination } : {}),
      }),
    );
  }
  return opts.destination
    ? pino(options, opts.destination as pino.DestinationStream)
    : pino(options);
}

export const silentLogger: Logger = pino({ level: "silent" });
