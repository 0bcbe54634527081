/**
 * Load tools for the sessions face: durable session operations per second against the storage
 * engine's raw durable append rate in the same run ({@link
 * io.sluice.bench.sessions.SessionsBench}).
 */
package io.sluice.bench.sessions;
