/**
 * Implementation of the SP library; not API. The {@link io.sluice.sp.internal.Reactor} is the one
 * I/O thread of a context; everything marked "I/O thread only" (pipes, endpoints, protocol backs)
 * is touched by that thread alone. {@link io.sluice.sp.internal.SocketCore} joins a user-facing
 * socket to its back through two {@link io.sluice.sp.internal.MessageQueue}s and commands. A
 * receiving user thread and the idle I/O thread spin for at most a short window before they park,
 * and stop spinning while their spins keep missing ({@link io.sluice.sp.internal.Spin}); the I/O
 * thread wakes the user threads blocked on its queues once per loop turn, not once per message.
 */
package io.sluice.sp.internal;
