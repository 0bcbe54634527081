/**
 * The streams benchmark: the real Pravega client against a Sluice node and against
 * pravega-standalone 0.13.0, each a child process, with the same workloads in one run. Entry point
 * {@link io.sluice.bench.pravega.PravegaBench}.
 */
package io.sluice.bench.pravega;
