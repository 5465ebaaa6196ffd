/** A raw frame after validation: a typed frame, or the reason it was refused. */
export type ParseResult<F> = { readonly ok: true; readonly frame: F } | { readonly ok: false; readonly error: string };

/** Runs a throwing parser and turns any error into a refused frame. */
export function parseWith<F>(parse: () => F): ParseResult<F> {
  try {
    return { ok: true, frame: parse() };
  } catch (error) {
    return refused(error);
  }
}

/** `JSON.parse` that reports bad JSON as a refused frame instead of throwing (no closure: it runs per frame). */
export function parseJson(text: string): ParseResult<unknown> {
  try {
    return { ok: true, frame: JSON.parse(text) as unknown };
  } catch (error) {
    return refused(error);
  }
}

function refused(error: unknown): ParseResult<never> {
  return { ok: false, error: error instanceof Error ? error.message : String(error) };
}
