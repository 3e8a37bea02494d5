package org.minitransport.tck.example;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.tck.generators.TcpScenarios;
import org.minitransport.tck.property.ScenarioProperty;
import org.minitransport.tck.scenario.RunOptions;
import org.minitransport.tck.scenario.Scenario;
import org.minitransport.tck.scenario.ScenarioOutcome;
import org.minitransport.tck.scenario.SimulationChecks;
import org.minitransport.tck.scenario.Transcript;
import org.minitransport.tck.scenario.Violation;
import org.minitransport.tcp.TcpConfig;
import org.minitransport.tcp.socket.TcpHandler;
import org.minitransport.tcp.socket.TcpService;
import org.minitransport.tcp.socket.TcpSession;
import org.minitransport.testkit.ImpairmentGenerators;
import org.minitransport.testkit.Simulation;
import org.minitransport.testkit.SimulationHarness;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/**
 * "Write your own property test" (docs/property-tests.md): a custom application protocol over
 * tcp-lite's socket API, checked under random impairments. The protocol: the client sends
 * requests, each a 2-byte length and that many bytes of UTF-8 text, then shuts its output down;
 * the server answers each request with the text in upper case, framed the same way, and shuts
 * down after the client's end of stream. The property: the client gets every answer, in order
 * and right, or it sees an error; and every port is released and every counter adds up.
 */
class UpperCaseProtocolProperties {

  static final Ipv4Address CLIENT = Ipv4Address.parse("10.0.0.1");
  static final Ipv4Address SERVER = Ipv4Address.parse("10.0.0.2");
  static final int PORT = 7000;

  /** The scenario is data: a seed, the impairments, the requests. */
  record UpperCaseScenario(long seed, LinkConfig link, List<String> requests)
      implements Scenario<UpperCaseOutcome> {

    @Override
    public UpperCaseOutcome run(RunOptions options) {
      SimulationHarness.Builder builder = SimulationHarness.builder().seed(seed)
          .defaultLink(link).host(CLIENT).host(SERVER).maxSteps(2_000_000);
      options.pcapPath().ifPresent(builder::capturePcap);
      Transcript transcript = new Transcript(options.transcriptSteps());
      List<Violation> violations = new ArrayList<>();
      Client client;
      try (Simulation sim = builder.build()) {
        client = new Client(requests, transcript, sim::nowNs);
        TcpConfig config = TcpScenarios.baseConfig().build(); // keep-alive on, short MSL
        TcpService server = TcpService.install(sim.host(SERVER), sim.driver().executor(),
            config, seed, 1);
        TcpService clients = TcpService.install(sim.host(CLIENT), sim.driver().executor(),
            config, ~seed, 2);
        try (var listening = server.listen(new Endpoint(SERVER, PORT), 8, Server::new)) {
          clients.connect(new Endpoint(SERVER, PORT), client).whenComplete((session, error) -> {
            if (error != null) { // refused or timed out: the handler hears nothing more
              client.failure = new IOException(error);
              client.closed = true;
            }
          });
          sim.runUntil(() -> client.closed);
        } catch (IOException e) {
          violations.add(new Violation(Violation.Rule.HOST_EXCEPTION, e.toString()));
        }
        sim.runUntilIdle();
        SimulationChecks.portsReleased(sim, violations);
        SimulationChecks.countersAddUp(sim, violations);
      }
      List<String> expected = requests.stream().map(r -> r.toUpperCase(Locale.ROOT)).toList();
      boolean prefix = client.answers.equals(expected.subList(0,
          Math.min(expected.size(), client.answers.size())));
      if (!prefix) {
        violations.add(new Violation(Violation.Rule.INTEGRITY, "answers " + client.answers
            + " are not a prefix of " + expected));
      } else if (client.answers.size() < expected.size() && client.failure == null) {
        violations.add(new Violation(Violation.Rule.NO_SILENT_LOSS, client.answers.size()
            + " of " + expected.size() + " answers and no error"));
      }
      return new UpperCaseOutcome(client.answers, client.failure, violations, transcript);
    }
  }

  /** What the client got. */
  record UpperCaseOutcome(List<String> answers, IOException failure, List<Violation> violations,
      Transcript transcript) implements ScenarioOutcome {

    @Override
    public String describe() {
      return violations + "\n  answers " + answers + ", failure " + failure + "\n" + transcript;
    }
  }

  /** Frames: a 2-byte length, then the UTF-8 text. */
  static byte[] frame(String text) {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(2 + body.length).putShort((short) body.length).put(body).array();
  }

  /** Collects bytes and cuts whole frames off the front. */
  static final class Deframer {
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    List<String> add(byte[] bytes, int length) {
      pending.write(bytes, 0, length);
      List<String> frames = new ArrayList<>();
      byte[] all = pending.toByteArray();
      int at = 0;
      while (all.length - at >= 2) {
        int size = ((all[at] & 0xff) << 8) | (all[at + 1] & 0xff);
        if (all.length - at - 2 < size) {
          break;
        }
        frames.add(new String(all, at + 2, size, StandardCharsets.UTF_8));
        at += 2 + size;
      }
      pending.reset();
      pending.write(all, at, all.length - at);
      return frames;
    }
  }

  /** Writes what it can of {@code out}; returns whether everything went. */
  static boolean writeSome(TcpSession session, ByteArrayOutputStream out, int[] sent)
      throws IOException {
    byte[] all = out.toByteArray();
    sent[0] += session.write(all, sent[0], all.length - sent[0]);
    return sent[0] == all.length;
  }

  /** The server: answers every request in upper case; shuts down after the end of stream. */
  static final class Server implements TcpHandler {
    private final Deframer requests = new Deframer();
    private final ByteArrayOutputStream answers = new ByteArrayOutputStream();
    private final int[] sent = {0};
    private boolean endOfStream;

    @Override
    public void onReadable(TcpSession session) {
      byte[] buffer = new byte[4096];
      try {
        for (int n = session.read(buffer); n != 0; n = session.read(buffer)) {
          if (n < 0) {
            endOfStream = true;
            break;
          }
          for (String request : requests.add(buffer, n)) {
            answers.writeBytes(frame(request.toUpperCase(Locale.ROOT)));
          }
        }
        onWritable(session);
      } catch (IOException e) {
        session.abort();
      }
    }

    @Override
    public void onWritable(TcpSession session) {
      try {
        if (writeSome(session, answers, sent) && endOfStream) {
          session.close();
        }
      } catch (IOException e) {
        session.abort();
      }
    }
  }

  /** The client: sends every request, reads the answers until the end of stream. */
  static final class Client implements TcpHandler {
    final List<String> answers = new ArrayList<>();
    private final Deframer deframer = new Deframer();
    private final ByteArrayOutputStream requests = new ByteArrayOutputStream();
    private final int[] sent = {0};
    private final Transcript transcript;
    private final LongSupplier clock;
    private boolean shutdown;
    IOException failure;
    boolean closed;

    Client(List<String> texts, Transcript transcript, LongSupplier clock) {
      texts.forEach(text -> requests.writeBytes(frame(text)));
      this.transcript = transcript;
      this.clock = clock;
    }

    @Override
    public void onConnected(TcpSession session) {
      transcript.record("client", clock.getAsLong(), "connected %s", session.localEndpoint());
      onWritable(session);
    }

    @Override
    public void onWritable(TcpSession session) {
      try {
        if (!shutdown && writeSome(session, requests, sent)) {
          shutdown = true;
          session.shutdownOutput();
          transcript.record("client", clock.getAsLong(), "sent %d bytes, shut down", sent[0]);
        }
      } catch (IOException e) {
        failure = e;
      }
    }

    @Override
    public void onReadable(TcpSession session) {
      byte[] buffer = new byte[4096];
      try {
        for (int n = session.read(buffer); n != 0; n = session.read(buffer)) {
          if (n < 0) {
            transcript.record("client", clock.getAsLong(), "end of stream after %d answers", answers.size());
            session.close();
            return;
          }
          answers.addAll(deframer.add(buffer, n));
        }
      } catch (IOException e) {
        failure = e;
      }
    }

    @Override
    public void onClosed(TcpSession session, IOException error) {
      failure = failure != null ? failure : error;
      closed = true;
    }
  }

  /** Requests: up to 40 strings of up to 300 characters. */
  static Gen<List<String>> requests() {
    return SourceDSL.lists().of(SourceDSL.strings().basicLatinAlphabet().ofLengthBetween(0, 300))
        .ofSizeBetween(1, 40);
  }

  @Test
  void everyAnswerArrivesInOrderOrTheClientSeesAnError() {
    Gen<UpperCaseScenario> scenarios = SourceDSL.longs().all().zip(
        ImpairmentGenerators.TRANSPORT.links(), requests(), UpperCaseScenario::new);
    ScenarioProperty.forAll(scenarios)
        .examples(200)
        .checkInvariants();
  }
}
