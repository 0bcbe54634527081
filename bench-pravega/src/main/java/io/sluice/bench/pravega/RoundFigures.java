package io.sluice.bench.pravega;

/**
 * What one server did in one round. Immutable.
 *
 * @param startupMillis launch to the first accepted write
 * @param writeEventsPerSecond single writer, events per second
 * @param readEventsPerSecond single reader, events per second
 * @param multiEventsPerSecond all writers of the multi-writer workload, events per second
 * @param p50Millis median write latency of the multi-writer workload
 * @param p99Millis 99th percentile write latency of the multi-writer workload
 * @param residentMegabytes the server's resident memory after the workloads
 * @param writeClientCpuMicros single writer: the client JVM's CPU time per event
 * @param writeServerCpuMicros single writer: the server's CPU time per event
 * @param readClientCpuMicros single reader: the client JVM's CPU time per event
 * @param readServerCpuMicros single reader: the server's CPU time per event
 * @param writeClientGcMillis single writer: time the client JVM spent in garbage collection
 * @param readThreadCpuMicros single reader: the reading thread's own CPU time per event
 */
record RoundFigures(
    double startupMillis,
    double writeEventsPerSecond,
    double readEventsPerSecond,
    double multiEventsPerSecond,
    double p50Millis,
    double p99Millis,
    double residentMegabytes,
    double writeClientCpuMicros,
    double writeServerCpuMicros,
    double readClientCpuMicros,
    double readServerCpuMicros,
    double writeClientGcMillis,
    double readThreadCpuMicros) {}
