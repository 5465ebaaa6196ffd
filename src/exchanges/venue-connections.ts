import { Observable, asyncScheduler } from 'rxjs';
import { ClockedStreams } from './connection/clocked-streams.js';
import { SocketRotation } from './connection/socket-rotation.js';
import { VenueSocket, type SocketFeed } from './connection/venue-socket.js';
import { VenueTopics } from './connection/venue-topics.js';
import { feedStatusOf, statusForError } from './feed-status-of.js';
import { frameDecoder } from './frame-decoder.js';
import { invalidFrameReporter } from './invalid-frame-reporter.js';
import { selectStreams } from './select-streams.js';
import { SymbolDirectory } from './symbol-directory.js';
import type { VenueFeedConfig } from './venue-feed-config.js';
import type { VenueItem } from './venue-item.js';
import type { VenueProtocol } from './venue-protocol.js';
import { venueSymbolOf } from './venue-symbol.js';

/** Lets a later stage (a book sync) ask the active socket to resubscribe one topic; set while a feed runs. */
export interface SocketLink {
  resubscribe?: (topic: string) => void;
}

/**
 * The sockets of one venue as batches: one status, one refused frame (with the losses of the books it
 * concerned, when books are followed), or the events (and book updates) one frame mapped to. Composes the
 * behaviours of `./connection/`: the topics wanted (`VenueTopics`), each socket with what its protocol's
 * plan asks (`VenueSocket`), replaced make-before-break (`SocketRotation`); the feed errors (after a
 * `disconnected`/`geo_blocked` status) with the active socket's error or a venue refusal. With
 * `config.instruments$`, the active socket follows the instruments as they change (subscribing the new,
 * unsubscribing the gone); with `config.books`, the protocol's depth channel is subscribed too, and `link`
 * gets a `resubscribe(topic)` for the active socket. Every timer runs on `config.scheduler`. Never retries.
 */
export function venueConnections<F, S>(
  protocol: VenueProtocol<F, S>,
  config: VenueFeedConfig,
  link: SocketLink = {},
  directory: SymbolDirectory = new SymbolDirectory(config.symbols),
): Observable<readonly VenueItem[]> {
  return new Observable<readonly VenueItem[]>((subscriber) => {
    const { exchange, logger } = config;
    const plan = protocol.connection;
    const scheduler = config.scheduler ?? asyncScheduler;
    const clock = config.clock ?? (() => scheduler.now());
    const streams = config.streams ?? selectStreams(protocol.streams);
    const depth = config.books === true && protocol.book !== undefined ? { channel: protocol.book.channel, record: 'order_book' as const } : undefined;
    const wanted = new VenueTopics(protocol, streams, depth, scheduler);
    wanted.follow(config.symbols.coins.map((coin) => ({ symbol: venueSymbolOf(protocol, coin, config.symbols.quote), coin: '', quote: '' })));
    const env = config.env === undefined ? {} : { env: config.env };
    const rotation = new SocketRotation<VenueSocket>(
      { lifetimeMs: config.connectionLifetimeMs ?? plan.rotation?.lifetimeMs, overlapMs: config.overlapMs ?? plan.rotation?.overlapMs ?? 0 },
      scheduler,
      {
        reopen: (from, reason) => {
          logger?.info({ exchange, reason }, 'rotating connection');
          open(from);
        },
        release: (items) => subscriber.next(items),
      },
    );
    const feed: SocketFeed = {
      plan,
      config,
      scheduler,
      clock,
      wanted,
      clocked: ClockedStreams.of(streams, config.silentStreamMs, (symbol, stream) => protocol.topic(symbol, stream), config.ingestGate?.heldBetween),
      rotation,
      decode: frameDecoder(protocol, { exchange, ...env, partsOf: directory.partsOf, follows: (symbol) => wanted.follows(symbol) }),
      refused: invalidFrameReporter({ exchange, ...(logger === undefined ? {} : { logger }) }),
      emit: (items) => subscriber.next(items),
      status: (state, reason, connectionId) => subscriber.next([feedStatusOf(exchange, state, reason, clock(), connectionId)]),
      fail: (error) => {
        // What the venue delivered goes before the error that ends the feed.
        const waiting = rotation.release();
        if (waiting.length > 0) subscriber.next(waiting);
        subscriber.next([statusForError(exchange, error, clock())]);
        subscriber.error(error);
      },
      refollow: () => follow(wanted.instruments),
    };
    const open = (previous: VenueSocket | undefined): void => {
      const socket = new VenueSocket(feed, previous);
      rotation.add(socket);
      socket.open();
    };
    /** The instruments changed: the active socket follows (a retired one keeps what it has until it closes). */
    const follow = (instruments: Parameters<VenueTopics['follow']>[0]): void => {
      directory.learn(instruments);
      wanted.follow(instruments);
      rotation.active?.follow();
    };

    link.resubscribe = (topic) => {
      const requestId = rotation.active?.resubscribe(topic);
      if (requestId === undefined) logger?.warn({ exchange, topic }, 'cannot resubscribe: no open socket or no resubscribe plan');
      else logger?.info({ exchange, topic, requestId }, 'resubscribing');
    };
    const following = config.instruments$?.subscribe(follow);
    open(undefined);
    return () => {
      delete link.resubscribe;
      following?.unsubscribe();
      wanted.dispose();
      // A stop mid-overlap: the newer socket's waiting items cannot go any more, and the log says how many.
      const unpublished = rotation.release().length;
      if (unpublished > 0) logger?.warn({ exchange, unpublished }, 'feed stopped during a rotation: items of the newer socket not published');
      // Every socket closes, a retired one mid-overlap too.
      rotation.dispose();
    };
  });
}
