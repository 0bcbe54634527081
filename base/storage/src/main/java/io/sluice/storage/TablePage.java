package io.sluice.storage;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * One page of an iteration over a table in key order. Immutable.
 *
 * @param items the page's items, in ascending unsigned-byte key order
 * @param continuation pass back to get the next page; null when the iteration is done
 */
public record TablePage<T>(List<T> items, ByteBuffer continuation) {}
