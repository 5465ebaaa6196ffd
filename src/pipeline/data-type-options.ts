import { DERIVED_DATA_TYPE_FORMS, derivedDataTypes, type DerivedDataType } from '../derived/data-types.js';
import { list, no, ok, text, option, type ConfigOption, type ParsedSetting } from '../settings/config-option.js';
import type { BookSettings } from './book-options.js';

/** The data types read by name, or every refusal in one line (each name with its reason). */
export function dataTypesSetting(raw: unknown): ParsedSetting<readonly DerivedDataType[]> {
  const names = list(text, 0)(raw);
  if (!names.ok) return no(`a comma-separated list of data types (${DERIVED_DATA_TYPE_FORMS.join(', ')})`);
  const { types, errors } = derivedDataTypes(names.value);
  return errors.length === 0 ? ok(types) : no(`data types it knows; ${errors.join('; ')}`);
}

/** The derived data computed and published besides the venues' own records; none unless asked for. */
export const DATA_TYPE_OPTIONS: readonly ConfigOption[] = [
  option({
    key: 'dataTypes',
    env: 'MARKET_FEED_DATA_TYPES',
    flag: 'data-types',
    default: [],
    parse: dataTypesSetting,
    description: `derived data to publish, by name (a list; empty: none): ${DERIVED_DATA_TYPE_FORMS.join(', ')}, e.g. book_change,book_snapshot_25_100ms,quote_1s,trade_bar_1m; on market.book-changes.v1, market.interval-book-snapshots.v1, market.quotes.v1 and market.trade-bars.v1 (book changes, snapshots and quotes need --books)`,
  }),
];

/**
 * The names asked for that cannot be made because no order book is followed (`books.follow` none): book
 * changes, snapshots and quotes are computed from the books; trade bars from the trades alone.
 */
export function dataTypesWithoutBooks(types: readonly DerivedDataType[], books: BookSettings | undefined): readonly string[] {
  if (books !== undefined && books.follow.kind !== 'none') return [];
  return types.filter((type) => type.kind !== 'trade_bar').map((type) => type.name);
}
