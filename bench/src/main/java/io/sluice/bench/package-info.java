/**
 * Benchmarks and load tools. Each one measures Sluice side by side with a plain anchor (what the
 * same bytes cost through bare JDK file calls) in one run and reports the ratio, so figures from a
 * noisy, shared machine stay comparable. Not part of the test suite; {@code ./mvnw verify} only
 * compiles them.
 */
package io.sluice.bench;
