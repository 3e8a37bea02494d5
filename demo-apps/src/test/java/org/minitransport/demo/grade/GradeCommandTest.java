package org.minitransport.demo.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minitransport.demo.CommandLineHarness.run;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minitransport.core.port.PortTableFactory;
import org.minitransport.demo.CommandLineHarness.Run;
import org.minitransport.tcp.component.RttEstimatorFactory;
import org.minitransport.tck.verify.GradedLabs;
import org.minitransport.udp.UdpEndpointFactory;

/**
 * {@code minitransport grade} end to end: a student's factory class is compiled into a temporary
 * directory, graded through the JUnit Platform launcher, and judged by exit code, report and
 * Gradescope JSON.
 */
class GradeCommandTest {

  @TempDir
  Path dir;

  /** Compiles {@code sources} (class name to source) into {@code dir}/classes. */
  Path compile(Map<String, String> sources) throws IOException, URISyntaxException {
    Path src = Files.createDirectories(dir.resolve("src"));
    Path classes = Files.createDirectories(dir.resolve("classes"));
    List<String> args = new java.util.ArrayList<>(List.of(
        "-d", classes.toString(), "-classpath", classpathOf(PortTableFactory.class)
            + java.io.File.pathSeparator + classpathOf(UdpEndpointFactory.class)
            + java.io.File.pathSeparator
            + classpathOf(org.minitransport.tcp.component.TcpSenderFactory.class)
            + java.io.File.pathSeparator + classpathOf(RttEstimatorFactory.class)));
    for (Map.Entry<String, String> source : sources.entrySet()) {
      Path file = src.resolve(source.getKey().replace('.', '/') + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, source.getValue());
      args.add(file.toString());
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int code = javac.run(null, null, diagnostics, args.toArray(String[]::new));
    assertEquals(0, code, "javac: " + diagnostics);
    return classes;
  }

  static String classpathOf(Class<?> type) throws URISyntaxException {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  static String portTableFactory(String name, String configExpression) {
    String simple = name.substring(name.lastIndexOf('.') + 1);
    return "package " + name.substring(0, name.lastIndexOf('.')) + ";\n"
        + "import org.minitransport.core.port.*;\n"
        + "import org.minitransport.core.wire.IpProtocol;\n"
        + "public class " + simple + " implements PortTableFactory {\n"
        + "  public PortTable<Object> create(IpProtocol protocol, PortTableConfig config) {\n"
        + "    return new HashedPortTable<>(protocol, " + configExpression + ");\n"
        + "  }\n"
        + "}\n";
  }

  static JsonObject json(Path file) throws IOException {
    return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
  }

  @Test
  void aFactoryThatDropsTheReferenceBackInPassesEveryRule() throws Exception {
    Path classes = compile(Map.of("lab.StudentPortTableFactory",
        portTableFactory("lab.StudentPortTableFactory", "config")));
    Path results = dir.resolve("results.json");
    Run r = run("grade", "port-table", "--classes", classes.toString(), "--json",
        results.toString());
    assertEquals(0, r.exitCode(), r.transcript());
    assertTrue(r.out().contains("PASS PORT-01 refusesWellKnownPortsUnlessPrivileged"), r.out());
    assertTrue(r.out().contains("score 12/12: 12 passed, 0 failed, 0 skipped"), r.out());
    JsonObject root = json(results);
    assertEquals(12, root.get("score").getAsInt());
    assertEquals(12, root.getAsJsonArray("tests").size());
    for (JsonElement test : root.getAsJsonArray("tests")) {
      assertEquals("passed", test.getAsJsonObject().get("status").getAsString(), test.toString());
      assertEquals(1, test.getAsJsonObject().get("max_score").getAsInt());
    }
  }

  @Test
  void aBrokenFactoryFailsWithTheRuleIdItsTranscriptAndHintInTheJson() throws Exception {
    Path classes = compile(Map.of("edu.Broken", portTableFactory("edu.Broken",
        "config.toBuilder().privileged(true).build()")));
    Path results = dir.resolve("results.json");
    Run r = run("grade", "port-table", "--classes", classes.toString(), "--factory",
        "edu.Broken", "--json", results.toString());
    assertEquals(1, r.exitCode(), r.transcript());
    assertTrue(r.out().contains("FAIL PORT-01 refusesWellKnownPortsUnlessPrivileged (RFC 6335"),
        r.out());
    assertTrue(r.out().contains("score 11/12: 11 passed, 1 failed"), r.out());
    JsonObject root = json(results);
    assertEquals(11, root.get("score").getAsInt());
    JsonArray tests = root.getAsJsonArray("tests");
    JsonObject failed = null;
    for (JsonElement test : tests) {
      if (test.getAsJsonObject().get("name").getAsString().startsWith("PORT-01 ")) {
        failed = test.getAsJsonObject();
      }
    }
    assertTrue(failed != null, root.toString());
    assertEquals("failed", failed.get("status").getAsString());
    assertEquals(0, failed.get("score").getAsInt());
    String output = failed.get("output").getAsString();
    assertTrue(output.startsWith("Rule PORT-01 failed (RFC 6335 §6)"), output);
    assertTrue(output.contains("should have been \"throws BindException naming 80\", but was"
        + " \"returned normally\""), output);
    assertTrue(output.contains("Hint: If this fails, check"), output);
  }

  @Test
  void gradesTheUdpLabAgainstTheStartersDefaultFactoryName() throws Exception {
    Path classes = compile(Map.of("lab.StudentUdpEndpointFactory",
        "package lab;\n"
            + "import org.minitransport.udp.*;\n"
            + "public class StudentUdpEndpointFactory implements UdpEndpointFactory {\n"
            + "  public UdpEndpoint create() { return new BufferedUdpEndpoint(); }\n"
            + "}\n"));
    Run r = run("grade", "udp", "--classes", classes.toString());
    assertEquals(0, r.exitCode(), r.transcript());
    assertTrue(r.out().contains("score 16/16"), r.out());
  }

  @Test
  void gradesTheSenderLabWithTheReferenceDroppedBackIn() throws Exception {
    Path classes = compile(Map.of("lab.StudentTcpSenderFactory",
        "package lab;\n"
            + "import org.minitransport.tcp.component.*;\n"
            + "public class StudentTcpSenderFactory implements TcpSenderFactory {\n"
            + "  public TcpSender create(ByteStream outbound, Settings settings) {\n"
            + "    return ComponentFactories.reference().sender().create(outbound, settings);\n"
            + "  }\n"
            + "}\n"));
    Run r = run("grade", "tcp-sender", "--classes", classes.toString());
    assertEquals(0, r.exitCode(), r.transcript());
    assertTrue(r.out().contains("PASS SEND-07 expiryRetransmitsTheEarliestSegmentAndBacksOff"),
        r.out());
    assertTrue(r.out().contains("PASS CONN-01 activeOpenDataAndCloseFirst"), r.out());
    assertTrue(r.out().contains(" 0 failed"), r.out());
  }

  @Test
  void gradesTheRttLabAndPointsAnEstimatorThatNeverBacksOffAtRtt07() throws Exception {
    Path classes = compile(Map.of("lab.StudentRttEstimatorFactory",
        "package lab;\n"
            + "import org.minitransport.tcp.RtoSettings;\n"
            + "import org.minitransport.tcp.component.*;\n"
            + "public class StudentRttEstimatorFactory implements RttEstimatorFactory {\n"
            + "  public RttEstimator create(RtoSettings s) {\n"
            + "    return new RttEstimator() {\n"
            + "      boolean sampled; long srtt, var, rto = s.initialRtoNs();\n"
            + "      public void addSample(long r) {\n"
            + "        if (r < 0) throw new IllegalArgumentException(\"sample \" + r);\n"
            + "        if (!sampled) { srtt = r; var = r / 2; sampled = true; }\n"
            + "        else { var += (Math.abs(srtt - r) - var) / 4; srtt += (r - srtt) / 8; }\n"
            + "        rto = Math.max(s.minRtoNs(), Math.min(s.maxRtoNs(),\n"
            + "            srtt + Math.max(s.clockGranularityNs(), 4 * var)));\n"
            + "      }\n"
            + "      public void backoff() {}\n"
            + "      public long rtoNs() { return rto; }\n"
            + "      public long smoothedRttNs() { return srtt; }\n"
            + "      public long rttVariationNs() { return var; }\n"
            + "      public void resetAfterSynTimeout() {\n"
            + "        if (!sampled) rto = Math.max(s.minRtoNs(), Math.min(s.maxRtoNs(), 3_000_000_000L));\n"
            + "      }\n"
            + "    };\n"
            + "  }\n"
            + "}\n"));
    Run r = run("grade", "rtt-estimator", "--classes", classes.toString());
    assertEquals(1, r.exitCode(), r.transcript());
    assertTrue(r.out().contains("PASS RTT-03 laterSamplesUpdateRttvarWithTheOldSrttThenSrtt"),
        r.out());
    assertTrue(r.out().contains("FAIL RTT-07 backoffDoublesTheRtoUpToTheMaximum (RFC 6298 §5.5)"),
        r.out());
    assertTrue(r.out().contains("should have been \"2000 ms\", but was \"1000 ms\""), r.out());
  }

  @Test
  void anUnknownLabIsAUsageErrorNamingItAndTheLabs() throws Exception {
    Run r = run("grade", "reassembly", "--classes", dir.toString());
    assertUsageError(r, "unknown lab 'reassembly': the labs are " + GradedLabs.names());
  }

  @Test
  void classesThatAreNeitherADirectoryNorAJarAreAUsageError() {
    Run r = run("grade", "udp", "--classes", dir.resolve("missing").toString());
    assertUsageError(r, "--classes " + dir.resolve("missing") + " is neither a directory nor a"
        + " .jar file");
  }

  @Test
  void aFactoryClassThatIsMissingOrDoesNotFitIsAUsageErrorNamingIt() throws Exception {
    Path classes = compile(Map.of("edu.Wrong", portTableFactory("edu.Wrong", "config")));
    assertUsageError(run("grade", "port-table", "--classes", classes.toString()),
        "factory class lab.StudentPortTableFactory is not on the given classpath");
    assertUsageError(run("grade", "udp", "--classes", classes.toString(), "--factory",
        "edu.Wrong"), "factory class edu.Wrong does not implement "
        + UdpEndpointFactory.class.getName());
  }

  static void assertUsageError(Run r, String message) {
    assertEquals(2, r.exitCode(), r.transcript());
    List<String> lines = r.err().lines().toList();
    assertEquals(2, lines.size(), r.transcript());
    assertTrue(lines.get(0).startsWith("minitransport: ") && lines.get(0).contains(message),
        r.transcript());
    assertEquals("Try 'minitransport grade --help' for more information.", lines.get(1));
  }
}
