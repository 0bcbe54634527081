/**
 * The write-ahead log on disk: file and record framing ({@link
 * io.sluice.storage.internal.log.LogFormat}), record types, the appender the log writer thread
 * uses, and the scanner recovery uses.
 */
package io.sluice.storage.internal.log;
