/**
 * {@code ./sluice sp}: a nanocat-compatible command line over the pure-Java SP library
 * (io.sluice.sp), with nanocat's flags, loops and byte-for-byte output formats.
 */
package io.sluice.cli.sp;
