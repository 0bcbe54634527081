package io.sluice.sp.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cooked front of a protocol whose send asks its peers and whose recv takes their answers (REQ,
 * SURVEYOR): request ids with the high bit set, each context's answers queued on the context,
 * contexts opened at will, and a closed context's outstanding question forgotten on the I/O thread.
 *
 * <p>Thread-safe.
 */
abstract class AskingFront extends Front {
  private final AtomicInteger nextId;

  AskingFront(SocketCore core) {
    super(core);
    this.nextId = new AtomicInteger((int) (System.identityHashCode(this) * 0x9E3779B1L));
  }

  /** A fresh request id, high bit set as the backtrace's last hop requires. */
  final int newId() {
    return nextId.incrementAndGet() | 0x80000000;
  }

  /** Forgets the context's outstanding question; runs on the I/O thread. */
  abstract void cancelOnIo(Ctx ctx);

  @Override
  public final boolean readable(Ctx ctx) {
    return !ctx.replies.isEmpty();
  }

  @Override
  public final boolean writable(Ctx ctx) {
    return true;
  }

  @Override
  public final Ctx openContext() {
    core.checkOpen();
    return newCtx();
  }

  @Override
  public final void closeContext(Ctx ctx) {
    super.closeContext(ctx);
    core.execute(() -> cancelOnIo(ctx));
  }
}
