/**
 * The nanomsg scalability protocols (SP) in pure Java: PAIR (v0 and NNG's v1), REQ/REP, PUB/SUB,
 * PUSH/PULL, SURVEYOR/RESPONDENT and BUS over tcp://, ipc://, inproc:// and ws://, wire-compatible
 * with nanomsg and NNG.
 *
 * <p>Start with {@link io.sluice.sp.SpSocket#open(Protocol)} or, to share one I/O thread among many
 * sockets, {@link io.sluice.sp.SpContext#create()}. Each context runs one I/O thread with a {@code
 * java.nio} selector that owns every connection ("pipe"); the socket objects are facades that send
 * commands to that thread and take received messages from a queue it fills, so user threads never
 * touch a channel. Errors are {@link io.sluice.sp.SpException}s carrying an {@link
 * io.sluice.sp.SpError}; the {@code try*} methods report back-pressure as a status instead.
 */
package io.sluice.sp;
