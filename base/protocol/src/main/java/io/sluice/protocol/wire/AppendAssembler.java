package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCountUtil;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Reassembles the append commands of one connection into {@link Append}s, the way a Pravega segment
 * store does, accepting both batching styles:
 *
 * <ul>
 *   <li>Java client: {@code AppendBlock(writer, block)} then {@code AppendBlockEnd}. The block
 *       holds whole events, then possibly one trailing {@link PartialEvent} frame (the head of an
 *       event that did not fit, whose tail is {@code AppendBlockEnd.data}) or one {@link Padding}
 *       frame (the block was closed early) filling it exactly. The appended data is the first
 *       {@code sizeOfWholeEvents} block bytes, then the partial event, then the end's data.
 *   <li>Inline (Rust client, Sluice client): {@code AppendBlockEnd} alone with all data inline.
 *   <li>Conditional: {@link ConditionalAppend} (one event, framed here) and {@link
 *       ConditionalBlockEnd} (data already framed).
 * </ul>
 *
 * <p>Every append must follow a {@link SetupAppend} of its writer on this connection; nothing but
 * the {@code AppendBlockEnd} may follow an {@code AppendBlock}; event numbers of a writer never go
 * backwards; an append has at least one event. A violation is a {@link WireProtocolException}
 * ({@link WireError#INVALID_APPEND}); the commands involved are released, and the connection should
 * be closed (as Pravega does). At most {@link #MAX_WRITERS} writers may be set up on one connection
 * (the Pravega client reconnects after 2000).
 *
 * <p>Data is not copied: appends hold slices of the received frames.
 *
 * <p>Not thread-safe: one instance per connection, on its event loop.
 */
public final class AppendAssembler {
  /** The most writers one connection may set up. */
  public static final int MAX_WRITERS = 10_000;

  private final Map<UUID, Writer> writers = new HashMap<>();
  private AppendBlock openBlock;

  private static final class Writer {
    final String segment;
    long lastEventNumber = Long.MIN_VALUE;

    Writer(String segment) {
      this.segment = segment;
    }
  }

  /** Whether {@link #accept} handles this command; other commands are not append-related. */
  public static boolean handles(Object msg) {
    return msg instanceof SetupAppend
        || msg instanceof AppendBlock
        || msg instanceof AppendBlockEnd
        || msg instanceof Padding
        || msg instanceof ConditionalAppend
        || msg instanceof ConditionalBlockEnd;
  }

  /**
   * Takes ownership of one append-related command (see {@link #handles}) and returns what the
   * server must process: the {@link SetupAppend} itself, an {@link Append} (owned by the caller),
   * or {@code null} while a block is open or for padding.
   *
   * @throws WireProtocolException if the command breaks the rules above; it has been released
   */
  public Object accept(WireCommand command) {
    try {
      return switch (command) {
        case AppendBlockEnd end -> endBlock(end);
        case WireCommand c when openBlock != null ->
            throw invalid(
                c.type()
                    + " arrived while an APPEND_BLOCK of writer "
                    + openBlock.writerId()
                    + " was open");
        case SetupAppend setup -> setup(setup);
        case AppendBlock block -> {
          writer(block.writerId());
          openBlock = block;
          yield null;
        }
        case Padding padding -> null;
        case ConditionalAppend ca -> conditional(ca);
        case ConditionalBlockEnd cbe -> conditional(cbe);
        default -> throw new IllegalArgumentException(command.type() + " is not an append");
      };
    } catch (RuntimeException e) {
      ReferenceCountUtil.release(command);
      discardOpenBlock(command);
      throw e;
    }
  }

  /** Releases an open block, if any (call when the connection closes). */
  public void close() {
    discardOpenBlock(null);
    writers.clear();
  }

  private void discardOpenBlock(WireCommand alreadyReleased) {
    if (openBlock != null && openBlock != alreadyReleased) {
      openBlock.release();
    }
    openBlock = null;
  }

  private SetupAppend setup(SetupAppend setup) {
    if (writers.size() >= MAX_WRITERS && !writers.containsKey(setup.writerId())) {
      throw invalid("over " + MAX_WRITERS + " writers set up on one connection");
    }
    writers.put(setup.writerId(), new Writer(setup.segment()));
    return setup;
  }

  private Writer writer(UUID writerId) {
    Writer w = writers.get(writerId);
    if (w == null) {
      throw invalid("writer " + writerId + " appended before SETUP_APPEND");
    }
    return w;
  }

  /** Fails if the event number went backwards; changes nothing. */
  private static void checkOrder(Writer w, UUID writerId, long eventNumber) {
    if (eventNumber < w.lastEventNumber) {
      throw invalid(
          "event number of writer "
              + writerId
              + " on "
              + w.segment
              + " went backwards from "
              + w.lastEventNumber
              + " to "
              + eventNumber);
    }
  }

  private Append endBlock(AppendBlockEnd end) {
    Writer w = writer(end.writerId());
    if (end.numEvents() <= 0) {
      throw invalid(
          "APPEND_BLOCK_END of writer " + end.writerId() + " has " + end.numEvents() + " events");
    }
    checkOrder(w, end.writerId(), end.lastEventNumber());
    // all checks are done before any buffer is sliced or combined, so a failure leaks nothing
    ByteBuf data = openBlock == null ? end.data() : joinBlock(openBlock, end);
    w.lastEventNumber = end.lastEventNumber();
    if (openBlock != null) {
      openBlock.release();
      openBlock = null;
    }
    return new Append(
        w.segment,
        end.writerId(),
        end.lastEventNumber(),
        end.numEvents(),
        data,
        Append.NO_CONDITION,
        end.requestId());
  }

  /** Validates the block against its end, then builds the data; takes over end's buffer. */
  private ByteBuf joinBlock(AppendBlock block, AppendBlockEnd end) {
    if (!block.writerId().equals(end.writerId())) {
      throw invalid(
          "APPEND_BLOCK of writer "
              + block.writerId()
              + " closed by APPEND_BLOCK_END of"
              + " writer "
              + end.writerId());
    }
    ByteBuf blockData = block.data();
    int whole = end.sizeOfWholeEvents();
    int size = blockData.readableBytes();
    if (whole < 0 || whole > size) {
      throw invalid("sizeOfWholeEvents " + whole + " outside a block of " + size + " bytes");
    }
    int tailAt = blockData.readerIndex() + whole;
    int tail = size - whole;
    ByteBuf partial = Unpooled.EMPTY_BUFFER;
    if (tail > 0) {
      if (tail < WireCommand.HEADER_SIZE) {
        throw invalid(tail + " bytes after the whole events of a block: not a frame");
      }
      int type = blockData.getInt(tailAt);
      int length = blockData.getInt(tailAt + Integer.BYTES);
      if (length != tail - WireCommand.HEADER_SIZE) {
        throw invalid(
            "the frame after the whole events of a block declares "
                + length
                + " bytes but "
                + (tail - WireCommand.HEADER_SIZE)
                + " remain");
      }
      if (type == WireCommandType.PADDING.code()) {
        if (end.data().isReadable()) {
          throw invalid("APPEND_BLOCK_END carries data after a padded block");
        }
      } else if (type == WireCommandType.PARTIAL_EVENT.code()) {
        partial = blockData.retainedSlice(tailAt + WireCommand.HEADER_SIZE, length);
      } else {
        throw invalid("a block ends with type " + type + ", not PARTIAL_EVENT or PADDING");
      }
    }
    ByteBuf head = blockData.retainedSlice(blockData.readerIndex(), whole);
    return Unpooled.wrappedBuffer(head, partial, end.data());
  }

  private Append conditional(ConditionalAppend ca) {
    Writer w = writer(ca.writerId());
    checkOrder(w, ca.writerId(), ca.eventNumber());
    w.lastEventNumber = ca.eventNumber();
    ByteBuf header = Unpooled.buffer(EventFrames.HEADER_SIZE, EventFrames.HEADER_SIZE);
    header.writeInt(WireCommandType.EVENT.code()).writeInt(ca.data().readableBytes());
    return new Append(
        w.segment,
        ca.writerId(),
        ca.eventNumber(),
        1,
        Unpooled.wrappedBuffer(header, ca.data()),
        ca.expectedOffset(),
        ca.requestId());
  }

  private Append conditional(ConditionalBlockEnd cbe) {
    Writer w = writer(cbe.writerId());
    checkOrder(w, cbe.writerId(), cbe.eventNumber());
    w.lastEventNumber = cbe.eventNumber();
    return new Append(
        w.segment,
        cbe.writerId(),
        cbe.eventNumber(),
        1,
        cbe.data(),
        cbe.expectedOffset(),
        cbe.requestId());
  }

  private static WireProtocolException invalid(String message) {
    return new WireProtocolException(WireError.INVALID_APPEND, message);
  }
}
