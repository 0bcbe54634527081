/**
 * The messaging benchmark: Sluice's SP sockets side by side with nanomsg (C, compiled at run time)
 * and JeroMQ in one run.
 */
package io.sluice.bench.sp;
