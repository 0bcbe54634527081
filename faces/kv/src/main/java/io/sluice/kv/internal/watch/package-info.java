/**
 * etcd watches: one {@link io.sluice.kv.internal.watch.WatchStream} per gRPC Watch call, holding
 * any number of watchers, each pulling the changes it has not seen yet from the MVCC store's
 * retained history as the durable revision advances (so a slow client only holds a position, not a
 * queue).
 */
package io.sluice.kv.internal.watch;
