/**
 * Implementation of the SP library; not API. The {@link io.sluice.sp.internal.Reactor} is the one
 * I/O thread of a context; everything marked "I/O thread only" (pipes, endpoints, protocol backs)
 * is touched by that thread alone. {@link io.sluice.sp.internal.SocketCore} joins a user-facing
 * socket to its back through two {@link io.sluice.sp.internal.MessageQueue}s and commands.
 */
package io.sluice.sp.internal;
