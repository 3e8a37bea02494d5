package org.minitransport.tck.internal;

import java.util.Optional;
import java.util.Random;
import org.minitransport.tck.scenario.TcpApplication;
import org.minitransport.tck.scenario.TcpApplication.Ending;
import org.minitransport.tck.scenario.TcpSideOutcome;
import org.minitransport.tck.scenario.Transcript;
import org.minitransport.tcp.TcpConnection;
import org.minitransport.tcp.TcpEndpoint;
import org.minitransport.tcp.TcpState;
import org.minitransport.testkit.HostTimer;

/**
 * One side's application of a TCP scenario, played on the engine API in virtual time: each turn
 * it reads what is there (checking every byte), writes what fits, shuts down or aborts when its
 * {@link TcpApplication} says, and may pause. A wrong byte is recorded and stops the run.
 */
final class ScriptedTcpApplication {

  /** IPv4 protocol 253 is for experiments (RFC 3692); the application's timer borrows it. */
  static final int WAKEUP_PROTOCOL = 253;

  final String name;
  final TcpApplication script;
  final byte[] toWrite;
  final byte[] expected;
  final TcpEndpoint tcp;
  /** Wakes the application from a pause (the runner checks it after every step anyway). */
  final HostTimer timer = new HostTimer(WAKEUP_PROTOCOL, nowNs -> { });
  private final Random random;
  private final Transcript transcript;
  private final byte[] buffer;
  TcpConnection connection;
  private TcpState lastState;
  private Optional<TcpConnection.Failure> lastFailure = Optional.empty();
  private boolean everConnected;
  private int written;
  private int read;
  private boolean endOfStream;
  private boolean shutdown;
  private boolean aborted;
  private long sleepUntilNs;
  /** The first wrong byte read, or null. */
  String integrityProblem;

  ScriptedTcpApplication(String name, TcpApplication script, byte[] toWrite, byte[] expected,
      TcpEndpoint tcp, Random random, Transcript transcript) {
    this.name = name;
    this.script = script;
    this.toWrite = toWrite;
    this.expected = expected;
    this.tcp = tcp;
    this.random = random;
    this.transcript = transcript;
    this.buffer = new byte[script.readChunk()];
    transcript.declare(name);
  }

  /** One turn at {@code nowNs}. */
  void act(long nowNs) {
    if (connection == null) {
      return;
    }
    noteState(nowNs);
    if (nowNs < sleepUntilNs || integrityProblem != null) {
      return;
    }
    everConnected |= connection.state().isSynchronized();
    readWhatIsThere(nowNs);
    if (aborted || integrityProblem != null) {
      return;
    }
    int limit = script.bytesBeforeEnding();
    int before = written;
    while (connection.state() != TcpState.CLOSED && !shutdown && written < limit
        && connection.sendCapacity() > 0) {
      int chunk = Math.min(script.writeChunk(), limit - written);
      written += connection.write(nowNs, toWrite, written, chunk);
    }
    if (written > before) {
      transcript.record(name, nowNs, "wrote %d bytes (%d/%d)", written - before, written,
          toWrite.length);
    }
    if (connection.state() != TcpState.CLOSED && !shutdown && written == limit) {
      if (script.ending() == Ending.ABORT) {
        aborted = true;
        transcript.record(name, nowNs, "abort after %d bytes", written);
        connection.abort(nowNs);
      } else if (script.ending() == Ending.SHUTDOWN_AFTER_WRITING || endOfStream) {
        shutdown = true;
        transcript.record(name, nowNs, "shutdownOutput");
        connection.shutdownOutput(nowNs);
      }
    }
    tcp.flush(nowNs, connection);
    noteState(nowNs);
    if (script.pausePercent() > 0 && script.maxPauseNs() > 0
        && random.nextInt(100) < script.pausePercent()) {
      sleepUntilNs = nowNs + 1 + (long) (random.nextDouble() * script.maxPauseNs());
      timer.wakeAt(sleepUntilNs);
      transcript.record(name, nowNs, "pause %.3f ms", (sleepUntilNs - nowNs) / 1e6);
    }
  }

  /** Reads what the connection still holds (a paused application gets to read it at the end). */
  void drain(long nowNs) {
    if (connection != null && !aborted && integrityProblem == null) {
      readWhatIsThere(nowNs);
      noteState(nowNs);
    }
  }

  private void readWhatIsThere(long nowNs) {
    int before = read;
    int n;
    while (integrityProblem == null
        && (n = connection.read(nowNs, buffer, 0, buffer.length)) > 0) {
      check(n);
    }
    if (read > before) {
      transcript.record(name, nowNs, "read %d bytes (%d/%d)", read - before, read,
          expected.length);
    }
    if (!endOfStream && connection.isInputFinished()) {
      endOfStream = true;
      transcript.record(name, nowNs, "end of stream after %d bytes", read);
      if (read != expected.length) {
        integrityProblem = name + " read the end of stream after " + read + " of "
            + expected.length + " bytes";
      }
    }
  }

  private void check(int n) {
    for (int i = 0; i < n; i++) {
      if (read + i >= expected.length) {
        integrityProblem = name + " read more bytes than the peer wrote: byte " + (read + i)
            + " of " + expected.length;
        return;
      }
      if (buffer[i] != expected[read + i]) {
        integrityProblem = name + " read a wrong byte at index " + (read + i) + ": " + buffer[i]
            + " instead of " + expected[read + i];
        return;
      }
    }
    read += n;
  }

  private void noteState(long nowNs) {
    TcpState state = connection.state();
    if (state != lastState) {
      transcript.record(name, nowNs, "%s -> %s", lastState == null ? "new" : lastState, state);
      lastState = state;
    }
    Optional<TcpConnection.Failure> failure = connection.failure();
    if (failure.isPresent() && lastFailure.isEmpty()) {
      transcript.record(name, nowNs, "connection failed: %s", failure.get());
    }
    lastFailure = failure;
  }

  TcpSideOutcome outcome() {
    return new TcpSideOutcome(script.bytes(), written, expected.length, read, endOfStream,
        connection == null ? Optional.empty() : connection.failure(),
        connection != null && everConnected, aborted,
        connection == null ? TcpState.CLOSED : connection.state());
  }

  @Override
  public String toString() {
    return name + "[" + connection + " wrote " + written + "/" + toWrite.length + " read " + read
        + "/" + expected.length + (endOfStream ? " EOF" : "") + (shutdown ? " shut" : "")
        + (aborted ? " aborted" : "") + "]";
  }
}
