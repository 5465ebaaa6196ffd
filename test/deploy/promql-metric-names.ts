/** PromQL keywords and modifiers that look like identifiers but name no metric. */
const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'inf', 'nan', 'atan2']);

/**
 * The metric names a PromQL expression selects, as they appear in it (`x_bucket` stays `x_bucket`).
 * Strings, label matchers, ranges and grouping label lists are removed first, so label names and
 * values are never taken for metrics; an identifier followed by `(` is a function. Grafana variables
 * (`$instance`, `${x}`, `$__rate_interval`) are dropped. Numbers and durations are skipped.
 */
export function promqlMetricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\$\{[^}]*\}|\$\w+/g, ' ');
  const names = new Set<string>();
  for (const match of stripped.matchAll(/[0-9][0-9a-zA-Z_.]*(?:[eE][+-]?[0-9]+)?|[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const token = match[0];
    if (/^[0-9]/.test(token) || KEYWORDS.has(token.toLowerCase())) continue;
    const after = stripped.slice((match.index ?? 0) + token.length);
    if (/^\s*\(/.test(after)) continue;
    names.add(token);
  }
  return [...names];
}
