import { okxTopic, topicParts, type OkxRoute } from '../okx/okx-channels.js';
import type { OkxArg } from '../okx/okx-request.js';
import type { OkxOptionChain } from './okx-option-chain.js';

/**
 * The channels the simulated OKX options serve, all on `/public` as OKX's pages give their "URL
 * Path" (a channel asked for on `/business` is refused with 60018, as OKX's spot simulator refuses
 * one on the other route): per family `opt-summary` (`instFamily`, or the older `uly`) and
 * `option-trades` (`instType` `OPTION` with `instFamily`, or `instId`), per index `index-tickers`
 * (`instId` `BTC-USD`), per option `tickers`, `trades`, `mark-price` and `open-interest`.
 */
export const OKX_OPTION_CHANNELS: readonly string[] = ['opt-summary', 'option-trades', 'index-tickers', 'tickers', 'trades', 'mark-price', 'open-interest'];

/** The prefix of a topic's key for a family named by `uly` (its pushes echo `uly`). */
const BY_ULY = 'uly:';

/** True for a family (`BTC-USD`) rather than an option's `instId` (`BTC-USD-261127-56000-C`). */
const isFamily = (key: string): boolean => key.split('-').length === 2;

/**
 * The topic an arg names on `route` (`opt-summary:BTC-USD`, `opt-summary:uly:BTC-USD`,
 * `option-trades:BTC-USD`, `tickers:BTC-USD-261127-56000-C`); undefined for a channel or route the
 * venue does not serve, a family it does not list, or an option it does not list now.
 */
export function optionTopicOf(arg: OkxArg, route: OkxRoute, chain: OkxOptionChain): string | undefined {
  if (route !== 'public' || !OKX_OPTION_CHANNELS.includes(arg.channel)) return undefined;
  const families = chain.families();
  const listed = (instId: string | undefined) => instId !== undefined && chain.market.has(instId) && chain.termsOf(instId) !== undefined;
  switch (arg.channel) {
    case 'opt-summary': {
      const family = arg.instFamily ?? arg.uly;
      if (family === undefined || !families.includes(family)) return undefined;
      return okxTopic(arg.channel, arg.instFamily === undefined ? `${BY_ULY}${family}` : family);
    }
    case 'option-trades':
      if (arg.instType !== 'OPTION') return undefined;
      if (arg.instFamily !== undefined) return families.includes(arg.instFamily) ? okxTopic(arg.channel, arg.instFamily) : undefined;
      return listed(arg.instId) ? okxTopic(arg.channel, arg.instId ?? '') : undefined;
    case 'index-tickers':
      return arg.instId !== undefined && families.includes(arg.instId) ? okxTopic(arg.channel, arg.instId) : undefined;
    default:
      return listed(arg.instId) ? okxTopic(arg.channel, arg.instId ?? '') : undefined;
  }
}

/** What a topic is about: its family (`BTC-USD`) for a family's or index's topic, else the option's `instId`. */
export function optionTopicSymbol(topic: string): string | undefined {
  const parts = topicParts(topic);
  if (parts === undefined) return undefined;
  return parts.key.startsWith(BY_ULY) ? parts.key.slice(BY_ULY.length) : parts.key;
}

/** The arg a topic's pushes echo: as its subscriber wrote it (`uly` or `instFamily`; `option-trades` with its `instType`). */
export function optionTopicArg(topic: string): OkxArg {
  const { channel, key } = topicParts(topic) ?? { channel: topic, key: '' };
  if (channel === 'opt-summary') return key.startsWith(BY_ULY) ? { channel, uly: key.slice(BY_ULY.length) } : { channel, instFamily: key };
  if (channel === 'option-trades') return isFamily(key) ? { channel, instType: 'OPTION', instFamily: key } : { channel, instType: 'OPTION', instId: key };
  return { channel, instId: key };
}

/** The topics of `channel` for a family: `opt-summary` has one per way of naming it. */
export function familyTopics(channel: string, family: string): readonly string[] {
  return channel === 'opt-summary' ? [okxTopic(channel, family), okxTopic(channel, `${BY_ULY}${family}`)] : [okxTopic(channel, family)];
}
