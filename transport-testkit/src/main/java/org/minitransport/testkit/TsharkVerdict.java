package org.minitransport.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * tshark's opinion of a capture file: every frame's protocol stack and expert infos, with checksum
 * validation switched on for IPv4, TCP and UDP (tshark always checks ICMP). A test asserts {@link
 * #problems()} is empty; it lists every expert info of severity Warning or worse (bad checksums
 * are Warning for ICMP and Error for the rest; Wireshark's "Malformed Packet" and bad length
 * fields are Error; TCP sequence anomalies such as "previous segment not captured" are Warning)
 * and every malformed frame.
 *
 * <p>The one copy for every module's tests (core's capture tests live in the testkit's test
 * sources, since the testkit depends on core). Beside {@link #problems()} it has {@link
 * #problemsBesidesTcpAnalysis()} (live TCP
 * legitimately draws sequence-analysis warnings: zero windows, resets, retransmissions out of
 * order) and {@link #count} (how many frames match a display filter, to prove a capture shows
 * what its scenario was for) and {@link #fields} (any fields of every frame, to check that tshark
 * decodes what a codec meant to emit). It needs only the JDK.
 * Use {@link #locate()} in an {@code Assumptions.assumeTrue} so machines without tshark skip
 * instead of fail. The tshark run is bounded by {@link #TIMEOUT}.
 */
public final class TsharkVerdict {

  /** How long tshark may take before the run is killed and the test fails. */
  public static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** Wireshark's PI_WARN; PI_ERROR is 0x00800000, PI_NOTE 0x00400000, PI_CHAT 0x00200000. */
  public static final int SEVERITY_WARNING = 0x0060_0000;

  /** Wireshark's PI_CHECKSUM expert group. */
  public static final int GROUP_CHECKSUM = 0x0100_0000;

  /** Wireshark's PI_SEQUENCE expert group (TCP analysis: retransmissions, zero window, ...). */
  public static final int GROUP_SEQUENCE = 0x0200_0000;

  /** Wireshark's PI_ERROR severity. */
  public static final int SEVERITY_ERROR = 0x0080_0000;

  /** Wireshark's PI_MALFORMED expert group. */
  public static final int GROUP_MALFORMED = 0x0700_0000;

  public static final String INSTALL_HINT = "tshark not found; install it with: apt-get install -y tshark";

  private static final char AGGREGATOR = '\u001f';

  /** One expert info item ("Expert Info (Error/Checksum): Bad checksum [should be 0x26da]"). */
  public record ExpertInfo(int severity, int group, String message) {
    public boolean isWarningOrWorse() {
      return Integer.compareUnsigned(severity, SEVERITY_WARNING) >= 0;
    }
  }

  /**
   * One frame: its protocol stack ("raw:ip:tcp:data"), whether malformed, its expert infos, and
   * its TCP checksum field as tshark prints it ("0xffff"; empty without TCP).
   */
  public record Frame(int number, String protocols, boolean malformed, List<ExpertInfo> expertInfos,
      String tcpChecksum) {}

  private final List<Frame> frames;

  private TsharkVerdict(List<Frame> frames) {
    this.frames = List.copyOf(frames);
  }

  /** The tshark executable: /usr/bin/tshark, else the first on the PATH. */
  public static Optional<Path> locate() {
    Path standard = Path.of("/usr/bin/tshark");
    if (Files.isExecutable(standard)) {
      return Optional.of(standard);
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    return Arrays.stream(path.split(File.pathSeparator))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, "tshark"))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /**
   * Runs tshark over {@code capture}.
   *
   * @throws IOException if tshark is missing, exits non-zero (unreadable or cut-short file), or
   *     runs longer than {@link #TIMEOUT}; the message includes tshark's stderr
   */
  public static TsharkVerdict judge(Path capture) throws IOException, InterruptedException {
    List<Frame> frames = new ArrayList<>();
    for (String line : run(capture, List.of(
        // Test payloads are random bytes; Wireshark's Thrift heuristic claims some of them and
        // then reports them malformed. Nothing here speaks Thrift.
        "--disable-protocol", "thrift",
        "-o", "ip.check_checksum:TRUE",
        "-o", "tcp.check_checksum:TRUE",
        "-o", "udp.check_checksum:TRUE",
        "-T", "fields",
        "-e", "frame.number", "-e", "frame.protocols",
        "-e", "_ws.expert.severity", "-e", "_ws.expert.group", "-e", "_ws.expert.message",
        "-e", "_ws.malformed", "-e", "tcp.checksum",
        "-E", "separator=/t", "-E", "aggregator=" + AGGREGATOR))) {
      if (!line.isBlank()) {
        frames.add(parseFrame(line));
      }
    }
    return new TsharkVerdict(frames);
  }

  /**
   * Runs tshark on {@code capture} with {@code arguments}; its standard output, line by line.
   *
   * @throws IOException if tshark is missing, exits non-zero (with its stderr in the message) or
   *     runs longer than {@link #TIMEOUT}
   */
  private static List<String> run(Path capture, List<String> arguments)
      throws IOException, InterruptedException {
    Path tshark = locate().orElseThrow(() -> new IOException(INSTALL_HINT));
    List<String> command = new ArrayList<>(List.of(tshark.toString(), "-n", "-r",
        capture.toString()));
    command.addAll(arguments);
    Path stdout = Files.createTempFile("tshark-", ".out");
    Path stderr = Files.createTempFile("tshark-", ".err");
    try {
      Process process = new ProcessBuilder(command)
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectOutput(stdout.toFile())
          .redirectError(stderr.toFile())
          .start();
      if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IOException("tshark did not finish within " + TIMEOUT + " on " + capture);
      }
      if (process.exitValue() != 0) {
        throw new IOException("tshark exited with " + process.exitValue() + " on " + capture
            + " (" + String.join(" ", arguments) + "): "
            + Files.readString(stderr, StandardCharsets.UTF_8).strip());
      }
      return Files.readAllLines(stdout, StandardCharsets.UTF_8);
    } finally {
      Files.deleteIfExists(stdout);
      Files.deleteIfExists(stderr);
    }
  }

  private static Frame parseFrame(String line) {
    String[] fields = line.split("\t", -1);
    String[] severities = split(field(fields, 2));
    String[] groups = split(field(fields, 3));
    String[] messages = split(field(fields, 4));
    List<ExpertInfo> infos = new ArrayList<>();
    for (int i = 0; i < messages.length; i++) {
      infos.add(new ExpertInfo(
          i < severities.length ? Integer.parseUnsignedInt(severities[i]) : Integer.MAX_VALUE,
          i < groups.length ? Integer.parseUnsignedInt(groups[i]) : 0,
          messages[i]));
    }
    return new Frame(Integer.parseInt(field(fields, 0)), field(fields, 1),
        !field(fields, 5).isEmpty(), infos, field(fields, 6));
  }

  private static String field(String[] fields, int index) {
    return index < fields.length ? fields[index] : "";
  }

  private static String[] split(String aggregated) {
    return aggregated.isEmpty() ? new String[0] : aggregated.split(String.valueOf(AGGREGATOR), -1);
  }

  public List<Frame> frames() {
    return frames;
  }

  /** "frame N: message" for every warning-or-worse expert info and every malformed frame. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    for (Frame frame : frames) {
      if (frame.malformed()
          && frame.expertInfos().stream().noneMatch(ExpertInfo::isWarningOrWorse)) {
        problems.add("frame " + frame.number() + ": malformed");
      }
      for (ExpertInfo info : frame.expertInfos()) {
        if (info.isWarningOrWorse()) {
          problems.add("frame " + frame.number() + ": " + info.message());
        }
      }
    }
    return problems;
  }

  /**
   * Like {@link #problems()}, but a Warning of the sequence group (TCP analysis of a live
   * conversation) is allowed; every checksum or malformed item, every Error and every other
   * Warning still counts.
   */
  public List<String> problemsBesidesTcpAnalysis() {
    List<String> problems = new ArrayList<>();
    for (Frame frame : frames) {
      if (frame.malformed()) {
        problems.add("frame " + frame.number() + ": malformed");
      }
      for (ExpertInfo info : frame.expertInfos()) {
        boolean tcpAnalysisWarning = info.group() == GROUP_SEQUENCE
            && Integer.compareUnsigned(info.severity(), SEVERITY_ERROR) < 0;
        if (info.group() == GROUP_CHECKSUM || info.group() == GROUP_MALFORMED
            || (info.isWarningOrWorse() && !tcpAnalysisWarning)) {
          problems.add("frame " + frame.number() + ": " + info.message());
        }
      }
    }
    return problems;
  }

  /**
   * Like {@link #problemsBesidesTcpAnalysis()}, but a TCP checksum of 0xffff where tshark computes
   * 0x0000, or the reverse, is accepted: both are zero in one's complement arithmetic, and RFC 1624
   * §3 shows how incremental updates (which Linux uses) can yield either.
   */
  public List<String> problemsBesidesTcpAnalysisAcceptingNegativeZero() {
    List<String> problems = new ArrayList<>();
    for (String problem : problemsBesidesTcpAnalysis()) {
      int frameNumber = Integer.parseInt(problem.substring(6, problem.indexOf(':')));
      Frame frame = frames.get(frameNumber - 1);
      boolean zeroEitherWay = (frame.tcpChecksum().equals("0xffff")
          && problem.contains("should be 0x0000"))
          || (frame.tcpChecksum().equals("0x0000") && problem.contains("should be 0xffff"));
      if (!zeroEitherWay) {
        problems.add(problem);
      }
    }
    return problems;
  }

  /** How many frames of {@code capture} match the tshark display filter {@code filter}. */
  public static int count(Path capture, String filter) throws IOException, InterruptedException {
    return (int) run(capture, List.of("-Y", filter, "-T", "fields", "-e", "frame.number"))
        .stream().filter(line -> !line.isBlank()).count();
  }

  /**
   * The values of {@code names} (tshark field names such as {@code tcp.seq}) in every frame of
   * {@code capture}, one array per frame, with checksum validation on and absolute TCP sequence
   * numbers; a field that occurs several times in a frame gives its values joined by commas, one
   * that does not occur gives "".
   */
  public static List<String[]> fields(Path capture, String... names)
      throws IOException, InterruptedException {
    List<String> arguments = new ArrayList<>(List.of("-o", "ip.check_checksum:TRUE",
        "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
        "-o", "tcp.relative_sequence_numbers:FALSE",
        "-T", "fields", "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=,"));
    for (String name : names) {
      arguments.add("-e");
      arguments.add(name);
    }
    List<String[]> rows = new ArrayList<>();
    for (String line : run(capture, arguments)) {
      String[] row = Arrays.copyOf(line.split("\t", -1), names.length);
      for (int i = 0; i < row.length; i++) {
        row[i] = row[i] == null ? "" : row[i];
      }
      rows.add(row);
    }
    return rows;
  }

  /** The expert infos in the checksum group, whatever their severity. */
  public List<String> checksumProblems() {
    List<String> problems = new ArrayList<>();
    for (Frame frame : frames) {
      for (ExpertInfo info : frame.expertInfos()) {
        if (info.group() == GROUP_CHECKSUM) {
          problems.add("frame " + frame.number() + ": " + info.message());
        }
      }
    }
    return problems;
  }
}
