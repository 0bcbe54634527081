package io.sluice.storage.internal.log;

/** Receives the records of the log during recovery, in log order. */
@FunctionalInterface
public interface RecordSink {
  /**
   * One record.
   *
   * @param type its {@link RecordType}
   * @param payload its payload (position to limit); valid only during the call
   * @param position the log position of the record's first byte
   * @param endPosition the log position after the record
   */
  void record(byte type, java.nio.ByteBuffer payload, long position, long endPosition);
}
