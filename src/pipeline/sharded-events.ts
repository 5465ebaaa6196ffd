import { BehaviorSubject, Observable, Subscription, asyncScheduler, type SchedulerLike } from 'rxjs';
import type { FeedEvent } from '../model/index.js';
import type { ConnectionShard, ShardPlan } from '../shards/plan-shards.js';

/** Runs one shard: its events while subscribed; `shard$` holds its current members (the chain never changes). */
export type ShardRunner = (shard$: BehaviorSubject<ConnectionShard>) => Observable<FeedEvent>;

interface Running {
  readonly shard$: BehaviorSubject<ConnectionShard>;
  readonly subscription: Subscription;
}

/**
 * The events of every shard of the current plan, merged: a shard that appears is started, one whose
 * members change is told (its connections subscribe and unsubscribe live), one that leaves the plan
 * is stopped, and says so: a `disconnected` status of the shard with no instruments left (nothing is
 * about them any more; whoever keeps per-shard state drops it). A shard's error is the stream's error (a failover does not fail by itself). Completes
 * once the plans have completed and every shard's stream has (a fixed plan: when its shards end).
 */
export function shardedEvents(plans$: Observable<ShardPlan>, run: ShardRunner, scheduler: SchedulerLike = asyncScheduler): Observable<FeedEvent> {
  return new Observable<FeedEvent>((subscriber) => {
    const running = new Map<string, Running>();
    let plansDone = false;
    const completeIfDone = (): void => {
      if (plansDone && running.size === 0) subscriber.complete();
    };
    const stop = (id: string, retired: boolean): void => {
      const shard = running.get(id);
      if (shard === undefined) return;
      running.delete(id);
      shard.subscription.unsubscribe();
      const exchange = shard.shard$.value.chain[0];
      shard.shard$.complete();
      if (retired && exchange !== undefined) {
        subscriber.next({
          type: 'feed_status',
          exchange,
          state: 'disconnected',
          reason: 'shard retired: its instruments were delisted or moved',
          shard: id,
          instruments: [],
          ts: scheduler.now(),
        });
      }
    };
    const plans = plans$.subscribe({
      next: (plan) => {
        const wanted = new Set(plan.shards.map((shard) => shard.id));
        for (const id of [...running.keys()]) if (!wanted.has(id)) stop(id, true);
        for (const shard of plan.shards) {
          const current = running.get(shard.id);
          if (current !== undefined) {
            if (current.shard$.value !== shard) current.shard$.next(shard);
            continue;
          }
          const shard$ = new BehaviorSubject(shard);
          const entry: Running = { shard$, subscription: new Subscription() };
          running.set(shard.id, entry);
          entry.subscription.add(
            run(shard$).subscribe({
              next: (event) => subscriber.next(event),
              error: (error: unknown) => subscriber.error(error),
              complete: () => {
                if (running.get(shard.id) !== entry) return;
                running.delete(shard.id);
                completeIfDone();
              },
            }),
          );
        }
      },
      error: (error: unknown) => subscriber.error(error),
      complete: () => {
        plansDone = true;
        completeIfDone();
      },
    });
    return () => {
      plans.unsubscribe();
      for (const id of [...running.keys()]) stop(id, false);
    };
  });
}
