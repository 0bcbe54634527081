/**
 * The streams benchmark's null server: a Pravega controller and segment store that keep everything
 * in memory, acknowledge each append as soon as it is decoded and do no other work, so the
 * benchmark can measure how fast the real client can go against a server that costs nothing. Not a
 * server for anything else: no durability, no auth, no scaling, no transactions.
 */
package io.sluice.bench.pravega.nullserver;
