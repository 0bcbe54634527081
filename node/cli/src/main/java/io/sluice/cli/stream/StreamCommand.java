package io.sluice.cli.stream;

import io.sluice.protocol.controller.ContinuationToken;
import io.sluice.protocol.controller.ScaleRequest;
import io.sluice.protocol.controller.ScaleResponse;
import io.sluice.protocol.controller.ScalingPolicy;
import io.sluice.protocol.controller.ScopeInfo;
import io.sluice.protocol.controller.ScopesRequest;
import io.sluice.protocol.controller.SegmentRange;
import io.sluice.protocol.controller.StreamConfig;
import io.sluice.protocol.controller.StreamInfo;
import io.sluice.protocol.controller.StreamsInScopeRequest;
import io.sluice.protocol.controller.StreamsInScopeResponse;
import io.sluice.protocol.wire.GetStreamSegmentInfo;
import io.sluice.protocol.wire.StreamSegmentInfo;
import io.sluice.protocol.wire.WireCommand;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./sluice stream ...}: scopes and streams of a node from the command line. Each subcommand
 * is one controller call, except {@code write} and {@code read}, which also talk to the segment
 * store. Stateless.
 */
@Command(
    name = "stream",
    mixinStandardHelpOptions = true,
    description = "Work with scopes and streams on a node (Pravega-compatible streams face).",
    subcommands = {
      StreamCommand.CreateScope.class,
      StreamCommand.ListScopes.class,
      StreamCommand.DeleteScope.class,
      StreamCommand.Create.class,
      StreamCommand.ListStreams.class,
      StreamCommand.Describe.class,
      StreamCommand.Scale.class,
      StreamCommand.Seal.class,
      StreamCommand.Delete.class,
      WriteCommand.class,
      ReadCommand.class,
    })
public final class StreamCommand {
  private StreamCommand() {}

  @Command(name = "create-scope", description = "Creates a scope.")
  static final class CreateScope extends StreamSubcommand {
    @Parameters(paramLabel = "SCOPE")
    String scope;

    @Override
    int run(StreamClient c, PrintWriter out) {
      var s = c.controller.createScope(ScopeInfo.newBuilder().setScope(scope).build()).getStatus();
      out.println(s);
      return s.getNumber() == 0 || s.name().equals("SCOPE_EXISTS") ? 0 : 1;
    }
  }

  @Command(name = "list-scopes", description = "Lists scopes.")
  static final class ListScopes extends StreamSubcommand {
    @Override
    int run(StreamClient c, PrintWriter out) {
      String token = "";
      while (true) {
        var r =
            c.controller.listScopes(
                ScopesRequest.newBuilder()
                    .setContinuationToken(ContinuationToken.newBuilder().setToken(token))
                    .build());
        if (r.getScopesCount() == 0) {
          return 0;
        }
        r.getScopesList().forEach(out::println);
        token = r.getContinuationToken().getToken();
      }
    }
  }

  @Command(
      name = "delete-scope",
      description = "Deletes an empty scope (--recursive: and all in it).")
  static final class DeleteScope extends StreamSubcommand {
    @Parameters(paramLabel = "SCOPE")
    String scope;

    @Option(names = "--recursive", description = "delete its streams, tables and groups too")
    boolean recursive;

    @Override
    int run(StreamClient c, PrintWriter out) {
      ScopeInfo s = ScopeInfo.newBuilder().setScope(scope).build();
      var status =
          (recursive ? c.controller.deleteScopeRecursive(s) : c.controller.deleteScope(s))
              .getStatus();
      out.println(status);
      return status.getNumber() == 0 ? 0 : 1;
    }
  }

  @Command(name = "create", description = "Creates a stream with a fixed number of segments.")
  static final class Create extends StreamSubcommand {
    @Parameters(paramLabel = "SCOPE/STREAM")
    String name;

    @Option(names = "--segments", defaultValue = "1", description = "number of segments")
    int segments;

    @Override
    int run(StreamClient c, PrintWriter out) {
      var status =
          c.controller
              .createStream(
                  StreamConfig.newBuilder()
                      .setStreamInfo(StreamClient.stream(name))
                      .setScalingPolicy(ScalingPolicy.newBuilder().setMinNumSegments(segments))
                      .build())
              .getStatus();
      out.println(status);
      return status.getNumber() == 0 ? 0 : 1;
    }
  }

  @Command(name = "list", description = "Lists the streams of a scope.")
  static final class ListStreams extends StreamSubcommand {
    @Parameters(paramLabel = "SCOPE")
    String scope;

    @Override
    int run(StreamClient c, PrintWriter out) {
      String token = "";
      while (true) {
        StreamsInScopeResponse r =
            c.controller.listStreamsInScope(
                StreamsInScopeRequest.newBuilder()
                    .setScope(ScopeInfo.newBuilder().setScope(scope))
                    .setContinuationToken(ContinuationToken.newBuilder().setToken(token))
                    .build());
        if (r.getStatus() != StreamsInScopeResponse.Status.SUCCESS) {
          return failed(r.getStatus().toString());
        }
        if (r.getStreamsCount() == 0) {
          return 0;
        }
        r.getStreamsList().forEach(s -> out.println(s.getStream()));
        token = r.getContinuationToken().getToken();
      }
    }
  }

  @Command(
      name = "describe",
      description = "Shows a stream's configuration and current segments with their lengths.")
  static final class Describe extends StreamSubcommand {
    @Parameters(paramLabel = "SCOPE/STREAM")
    String name;

    @Override
    int run(StreamClient c, PrintWriter out) throws Exception {
      StreamInfo s = StreamClient.stream(name);
      StreamConfig cfg = c.controller.getStreamConfiguration(s);
      out.println("stream " + s.getScope() + "/" + s.getStream());
      out.println(
          "scaling: "
              + cfg.getScalingPolicy().getScaleType()
              + " min segments "
              + cfg.getScalingPolicy().getMinNumSegments());
      if (cfg.hasRetentionPolicy()) {
        out.println(
            "retention: "
                + cfg.getRetentionPolicy().getRetentionType()
                + " "
                + cfg.getRetentionPolicy().getRetentionParam());
      }
      List<SegmentRange> segs = c.controller.getCurrentSegments(s).getSegmentRangesList();
      WireConnection w = c.wire(s);
      out.println("segments (id, key range, start..length, sealed):");
      long req = 1;
      for (SegmentRange r : segs) {
        long id = r.getSegmentId().getSegmentId();
        w.send(new GetStreamSegmentInfo(req++, StreamClient.segmentName(s, id), ""));
        w.flush();
        WireCommand reply = w.receive();
        String extent =
            reply instanceof StreamSegmentInfo i
                ? i.startOffset() + ".." + i.writeOffset() + (i.sealed() ? " sealed" : "")
                : reply.type().toString();
        out.printf("  %d [%.4f, %.4f) %s%n", id, r.getMinKey(), r.getMaxKey(), extent);
      }
      return 0;
    }
  }

  @Command(
      name = "scale",
      description = "Seals segments and replaces them by new ones covering the same keys.")
  static final class Scale extends StreamSubcommand {
    @Parameters(index = "0", paramLabel = "SCOPE/STREAM")
    String name;

    @Option(names = "--seal", required = true, split = ",", description = "segment ids to seal")
    List<Long> sealed;

    @Option(
        names = "--ranges",
        required = true,
        split = ",",
        description = "new key ranges as start-end, e.g. 0.0-0.25,0.25-0.5")
    List<String> ranges;

    @Override
    int run(StreamClient c, PrintWriter out) {
      ScaleRequest.Builder b =
          ScaleRequest.newBuilder()
              .setStreamInfo(StreamClient.stream(name))
              .addAllSealedSegments(sealed);
      for (String r : ranges) {
        String[] p = r.split("-");
        if (p.length != 2) {
          throw new IllegalArgumentException("range '" + r + "' is not start-end");
        }
        b.addNewKeyRanges(
            ScaleRequest.KeyRangeEntry.newBuilder()
                .setStart(Double.parseDouble(p[0]))
                .setEnd(Double.parseDouble(p[1])));
      }
      ScaleResponse res = c.controller.scale(b.build());
      out.println(res.getStatus() + " epoch " + res.getEpoch());
      res.getSegmentsList()
          .forEach(
              s ->
                  out.printf(
                      "  %d [%.4f, %.4f)%n",
                      s.getSegmentId().getSegmentId(), s.getMinKey(), s.getMaxKey()));
      return res.getStatus() == ScaleResponse.ScaleStreamStatus.STARTED ? 0 : 1;
    }
  }

  @Command(name = "seal", description = "Seals a stream: no more writes.")
  static final class Seal extends StreamSubcommand {
    @Parameters(paramLabel = "SCOPE/STREAM")
    String name;

    @Override
    int run(StreamClient c, PrintWriter out) {
      var status = c.controller.sealStream(StreamClient.stream(name)).getStatus();
      out.println(status);
      return status.getNumber() == 0 ? 0 : 1;
    }
  }

  @Command(name = "delete", description = "Deletes a sealed stream.")
  static final class Delete extends StreamSubcommand {
    @Parameters(paramLabel = "SCOPE/STREAM")
    String name;

    @Override
    int run(StreamClient c, PrintWriter out) {
      var status = c.controller.deleteStream(StreamClient.stream(name)).getStatus();
      out.println(status);
      return status.getNumber() == 0 ? 0 : 1;
    }
  }
}
