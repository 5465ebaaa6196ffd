import { optionalText, type ConfigOption } from '../../settings/config-option.js';
import { optionValue, type VenueOptionValues } from '../venue-option.js';

/** Deribit's API client id (`public/auth` `grant_type=client_credentials`), for `.raw` channels. */
export const DERIBIT_CLIENT_ID_OPTION: ConfigOption<string | undefined> = {
  key: 'deribit.clientId',
  env: 'DERIBIT_CLIENT_ID',
  flag: 'deribit-client-id',
  default: undefined,
  parse: optionalText,
  description: 'Deribit API client id: with --deribit-client-secret, the feed authenticates and reads the .raw channels (every change) instead of .100ms',
};

/** Deribit's API client secret: never logged, never in an error. */
export const DERIBIT_CLIENT_SECRET_OPTION: ConfigOption<string | undefined> = {
  key: 'deribit.clientSecret',
  env: 'DERIBIT_CLIENT_SECRET',
  flag: 'deribit-client-secret',
  default: undefined,
  parse: optionalText,
  secret: true,
  description: 'Deribit API client secret, with --deribit-client-id (never logged)',
};

/** Deribit's own options, shared by both Deribit venues, in the order `--help` lists them. */
export const DERIBIT_OPTIONS: readonly ConfigOption[] = [DERIBIT_CLIENT_ID_OPTION, DERIBIT_CLIENT_SECRET_OPTION];

/** Client credentials for `public/auth`; the secret is never logged. */
export interface DeribitCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** A channel's interval: `100ms` (aggregated, open to anyone) or `raw` (every change, for authenticated clients only). */
export type DeribitInterval = '100ms' | 'raw';

/** The credentials configured, when both are (one without the other is none). */
export function deribitCredentialsOf(options: VenueOptionValues): DeribitCredentials | undefined {
  const clientId = optionValue(options, DERIBIT_CLIENT_ID_OPTION);
  const clientSecret = optionValue(options, DERIBIT_CLIENT_SECRET_OPTION);
  return clientId === undefined || clientSecret === undefined ? undefined : { clientId, clientSecret };
}

/**
 * The interval rule: `raw` with credentials, `100ms` without ("raw" channels need an authorised
 * connection since 2022: tardis-node `src/realtimefeeds/deribit.ts`, cryptofeed v3 `deribit.py`
 * `is_authenticated_channel`).
 */
export function deribitIntervalOf(credentials: DeribitCredentials | undefined): DeribitInterval {
  return credentials === undefined ? '100ms' : 'raw';
}
