/**
 * Interoperability tests: the unmodified Pravega 0.13.0 client against a Sluice node in its own
 * process.
 */
package io.sluice.systests.streams;
