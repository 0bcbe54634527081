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
   * @param file the log file holding the record
   * @param payloadOffset the file offset of the payload's first byte
   */
  void record(
      byte type,
      java.nio.ByteBuffer payload,
      long position,
      java.nio.file.Path file,
      long payloadOffset);
}
