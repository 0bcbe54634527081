/**
 * Implementation of the SP library; not API. The {@link io.sluice.sp.internal.Reactor} is the one
 * I/O thread of a context; everything marked "I/O thread only" (pipes, endpoints, protocol backs)
 * is touched by that thread alone. {@link io.sluice.sp.internal.SocketCore} joins a user-facing
 * socket to its back through two {@link io.sluice.sp.internal.MessageQueue}s and commands. Nothing
 * spins: user threads and the I/O thread park when idle, and the I/O thread wakes the user threads
 * blocked on its queues once per loop turn, not once per message.
 */
package io.sluice.sp.internal;
