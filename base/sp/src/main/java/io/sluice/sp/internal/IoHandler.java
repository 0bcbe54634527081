package io.sluice.sp.internal;

import java.nio.channels.SelectionKey;

/** Something registered with a {@link Reactor}'s selector. I/O thread only. */
interface IoHandler {
  /** Called when the key is ready for some of its interest operations. */
  void onReady(SelectionKey key);

  /** Called when onReady threw: the handler must release its channel. */
  void onFailure(Throwable t);
}
