package io.sluice.sessions.internal;

/**
 * Where one record of a session lies in the session log segment. Immutable.
 *
 * @param offset absolute offset of the record's first byte in the log segment
 * @param length the record's length in bytes
 */
record RecordRef(long offset, int length) {
  long end() {
    return offset + length;
  }
}
