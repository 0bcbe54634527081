/**
 * Stream metadata (scopes, streams, segments and epochs, transactions, reader groups, key-value
 * tables) as immutable records, their binary encoding, and the table segment that stores them.
 */
package io.sluice.streams.internal.meta;
