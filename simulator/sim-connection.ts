import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { SlidingWindow } from './sliding-window.js';
import { SubscriptionSet } from './subscription-set.js';
import type { VenueFaults } from './venue-faults.js';
import type { SimVenueId } from './sim-venue-id.js';

export interface SimConnectionConfig {
  readonly id: string;
  readonly venue: SimVenueId;
  readonly socket: WebSocket;
  /** The venue's faults as of now. */
  readonly faults: () => VenueFaults;
  /** The TCP socket under `socket` (from the HTTP upgrade), corked while a tick writes; none disables corking. */
  readonly stream?: Duplex;
}

/** One client socket on the simulator, with its subscriptions. */
export class SimConnection {
  /** Venue topics or streams this socket receives (`publicTrade.BTCUSDT`, `btcusdt@trade`). */
  readonly subscriptions = new SubscriptionSet();
  /** The messages it sent within the last second (text, ping and pong frames). */
  readonly incoming = new SlidingWindow(1000, 64);
  /** Binance: frames wrapped in `{"stream","data"}`. */
  combined = false;
  /** This socket alone sends no data frames (the control API's `stall?symbol=`); acks, pings and pongs still go. */
  stalled = false;
  pongsReceived = 0;
  framesSent = 0;
  readonly id: string;
  readonly venue: SimVenueId;
  readonly socket: WebSocket;
  private readonly faults: () => VenueFaults;
  private readonly stream: Duplex | undefined;

  constructor(config: SimConnectionConfig) {
    this.id = config.id;
    this.venue = config.venue;
    this.socket = config.socket;
    this.faults = config.faults;
    this.stream = config.stream;
    this.socket.on('pong', () => {
      this.pongsReceived += 1;
    });
  }

  /**
   * Holds the frames written from now on in the TCP socket until `uncork`, so that many frames
   * reach the kernel in one write (`ws` writes each frame's header and payload separately).
   */
  cork(): void {
    this.stream?.cork();
  }

  uncork(): void {
    this.stream?.uncork();
  }

  /** Sends a control frame (ack, pong, error): stalls and slow-downs do not apply. */
  reply(text: string): void {
    this.write(text);
  }

  /** Sends a market-data frame (JSON text, or its UTF-8 bytes), subject to its own stall and the venue's stall and slow-down faults. */
  sendData(text: string | Buffer): boolean {
    const faults = this.faults();
    if (faults.stalled || this.stalled) return false;
    if (faults.slowDownMs > 0) setTimeout(() => this.write(text), faults.slowDownMs);
    else this.write(text);
    return true;
  }

  private write(text: string | Buffer): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    this.framesSent += 1;
    this.socket.send(text, { binary: false });
  }
}
