import {
  dashboardView,
  EMPTY_DASHBOARD,
  reduceDashboard,
  type DashboardInput,
  type DashboardState,
  type DashboardView,
  type ViewRequest,
} from './dashboard-state.js';
import { rankInstruments, type RankedInstrument } from './instrument-table.js';
import type { DashboardReaderEvents, OffsetsReading } from './dashboard-reader.js';
import { invalidSummary } from './option-chains.js';
import { RECORD_TOPICS } from '../sink/sink-topics.js';
import { initialHealth, metricSum, withCounter, withKafka, type PipelineHealth } from './pipeline-health.js';

const OPTION_SUMMARIES_TOPIC = RECORD_TOPICS.option_summary;

/**
 * The dashboard's one mutable place: the folded state and the pipeline health, fed by the reader's
 * events and the metrics scrapes, read by the HTTP server. `version` moves with every change so the
 * server sends only when something changed.
 */
export class DashboardHub implements DashboardReaderEvents {
  private state: DashboardState = EMPTY_DASHBOARD;
  private health: PipelineHealth;
  private changes = 0;
  /** The instruments ranked for the state and second they were ranked at: every page's view in one push shares it. */
  private ranking: { readonly state: DashboardState; readonly second: number; readonly ranked: readonly RankedInstrument[] } | undefined;

  constructor(
    private readonly clock: () => number,
    metrics: boolean,
  ) {
    this.health = initialHealth(clock(), metrics ? 'metrics' : 'topics');
  }

  get version(): number {
    return this.changes;
  }

  get kafka(): PipelineHealth['kafka'] {
    return this.health.kafka;
  }

  readonly onInput = (input: DashboardInput): void => {
    // An option summary that cannot be placed in a chain is counted with the values not decoded, its reason shown.
    if (input.kind === 'record' && input.record.type === 'option_summary') {
      const refused = invalidSummary(input.record);
      if (refused !== undefined) {
        this.onUndecodable(OPTION_SUMMARIES_TOPIC, `${input.record.symbol}: ${refused}`);
        return;
      }
    }
    this.state = reduceDashboard(this.state, input);
    this.changes++;
  };

  readonly onUndecodable = (topic: string, reason: string): void => {
    this.health = { ...this.health, undecodable: this.health.undecodable + 1, lastUndecodable: `${topic}: ${reason}` };
    this.changes++;
  };

  readonly onKafka = (state: 'connected' | 'unreachable', error?: string): void => {
    this.health = withKafka(this.health, state, this.clock(), error);
    this.changes++;
  };

  readonly onOffsets = (reading: OffsetsReading): void => {
    let health: PipelineHealth = { ...this.health, lag: reading.lag, deadLetters: reading.deadLetters };
    if (health.rateSource === 'topics') health = withCounter(health, 'topics', 'ackedPerSecond', { at: reading.at, value: reading.recordsEnd });
    this.health = health;
    this.changes++;
  };

  /** Folds a scrape of `run`'s `/metrics` (or the reason it failed). */
  onMetrics(at: number, exposition: string | Error): void {
    if (exposition instanceof Error) {
      this.health = { ...this.health, metricsError: exposition.message };
    } else {
      const { metricsError: _gone, ...rest } = this.health;
      let health: PipelineHealth = rest;
      const eventsIn = metricSum(exposition, 'market_feed_events_in_total');
      const acked = metricSum(exposition, 'market_feed_records_out_total');
      const spool = metricSum(exposition, 'market_feed_spool_records');
      if (eventsIn !== undefined) health = withCounter(health, 'in', 'inPerSecond', { at, value: eventsIn });
      if (acked !== undefined) health = withCounter(health, 'acked', 'ackedPerSecond', { at, value: acked });
      if (spool !== undefined) health = { ...health, spoolRecords: spool };
      this.health = health;
    }
    this.changes++;
  }

  view(request: ViewRequest = {}): DashboardView {
    const now = this.clock();
    const second = Math.floor(now / 1000);
    if (this.ranking?.state !== this.state || this.ranking.second !== second)
      this.ranking = { state: this.state, second, ranked: rankInstruments(this.state.instruments, now) };
    return dashboardView(this.state, this.health, now, request, this.ranking.ranked);
  }
}
