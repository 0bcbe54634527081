package io.sluice.bench.pravega;

import io.pravega.client.ClientConfig;
import io.pravega.client.EventStreamClientFactory;
import io.pravega.client.admin.ReaderGroupManager;
import io.pravega.client.admin.StreamManager;
import io.pravega.client.stream.EventStreamWriter;
import io.pravega.client.stream.EventWriterConfig;
import io.pravega.client.stream.ScalingPolicy;
import io.pravega.client.stream.StreamConfiguration;
import io.pravega.client.stream.impl.ByteArraySerializer;
import java.net.URI;

/**
 * The real Pravega client connected to one server: a stream manager, an event client factory and a
 * reader group manager for the benchmark's scope. Not thread-safe to create or close; the factories
 * it hands out are the client's own (thread-safe writers, one thread per reader).
 */
final class BenchClient implements AutoCloseable {
  static final String SCOPE = "bench";

  private final StreamManager streams;
  private final EventStreamClientFactory factory;
  private final ReaderGroupManager readerGroups;

  BenchClient(URI controller) {
    ClientConfig config = ClientConfig.builder().controllerURI(controller).build();
    streams = StreamManager.create(config);
    streams.createScope(SCOPE);
    factory = EventStreamClientFactory.withScope(SCOPE, config);
    readerGroups = ReaderGroupManager.withScope(SCOPE, config);
  }

  /** Creates a stream with a fixed number of segments. */
  void createStream(String stream, int segments) {
    streams.createStream(
        SCOPE,
        stream,
        StreamConfiguration.builder().scalingPolicy(ScalingPolicy.fixed(segments)).build());
  }

  EventStreamWriter<byte[]> writer(String stream) {
    return factory.createEventWriter(
        stream, new ByteArraySerializer(), EventWriterConfig.builder().build());
  }

  EventStreamClientFactory factory() {
    return factory;
  }

  ReaderGroupManager readerGroups() {
    return readerGroups;
  }

  @Override
  public void close() {
    readerGroups.close();
    factory.close();
    streams.close();
  }
}
