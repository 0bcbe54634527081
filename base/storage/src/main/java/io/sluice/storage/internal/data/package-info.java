/**
 * Segment data: chunks (the unit of data files and of merges), the blocks of the read cache that
 * hold their recent bytes, and the cache's accounting and eviction.
 */
package io.sluice.storage.internal.data;
