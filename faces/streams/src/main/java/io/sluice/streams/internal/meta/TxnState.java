package io.sluice.streams.internal.meta;

/** Life cycle of a transaction, numbered as the controller API numbers it. Immutable. */
public enum TxnState {
  UNKNOWN,
  OPEN,
  COMMITTING,
  COMMITTED,
  ABORTING,
  ABORTED;

  public boolean finished() {
    return this == COMMITTED || this == ABORTED;
  }
}
