/** A raw frame after validation: a typed frame, or the reason it was refused. */
export type ParseResult<F> = { readonly ok: true; readonly frame: F } | { readonly ok: false; readonly error: string };

/** Runs a throwing parser and turns any error into a refused frame. */
export function parseWith<F>(parse: () => F): ParseResult<F> {
  try {
    return { ok: true, frame: parse() };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** `JSON.parse` that reports bad JSON as a refused frame instead of throwing. */
export function parseJson(text: string): ParseResult<unknown> {
  return parseWith(() => JSON.parse(text) as unknown);
}
