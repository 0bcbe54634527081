package io.sluice.sp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SmokeTest {
  @ParameterizedTest
  @EnumSource(Transport.class)
  void reqRep(Transport t) {
    try (SpContext ctx = SpContext.create()) {
      SpSocket rep = ctx.open(Protocol.REP);
      SpSocket req = ctx.open(Protocol.REQ);
      SpEndpoint ep = rep.bind(t.bindUrl());
      req.connect(ep.url());
      req.send("hello");
      assertThat(rep.recv(5000).bodyText()).isEqualTo("hello");
      rep.send("world");
      assertThat(req.recv(5000).bodyText()).isEqualTo("world");
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void pushPullMany(Transport t) {
    try (SpContext ctx = SpContext.create()) {
      SpSocket pull = ctx.open(Protocol.PULL);
      SpSocket push = ctx.open(Protocol.PUSH);
      SpEndpoint ep = pull.bind(t.bindUrl());
      push.connect(ep.url());
      int n = 20000;
      Thread sender =
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (int i = 0; i < n; i++) {
                      push.send(new byte[] {(byte) i, 1, 2, 3});
                    }
                  });
      for (int i = 0; i < n; i++) {
        assertThat(pull.recv(5000).body()[0]).isEqualTo((byte) i);
      }
      sender.interrupt();
    }
  }
}
