import { FeedError } from '../model/feed-error.js';

/** A frame that is not valid JSON or lacks a required field; `path` names the offending field. */
export class FrameParseError extends FeedError<{ readonly path: string }> {
  constructor(path: string, problem: string) {
    super(`${path}: ${problem}`, false, { path });
  }
}
