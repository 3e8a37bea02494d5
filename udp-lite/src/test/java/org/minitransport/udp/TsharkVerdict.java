package org.minitransport.udp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * tshark (Wireshark) as an outside judge of a capture: it reads the pcap with IPv4, UDP and ICMP
 * checksum validation switched on and lists one row per packet with its protocols and any
 * checksum problem or malformation it found. Tests skip (with an install hint) where tshark is
 * not installed.
 */
final class TsharkVerdict {

  /** Checksum-validation preferences that are off by default in Wireshark. */
  private static final List<String> CHECKS = List.of(
      "-o", "ip.check_checksum:TRUE",
      "-o", "udp.check_checksum:TRUE",
      "-o", "tcp.check_checksum:TRUE");

  /** One packet as tshark dissected it. */
  record Row(int frame, String protocols, String ipChecksumStatus, String udpChecksumStatus,
      String icmpChecksumStatus, String expert, boolean malformed) {}

  final List<Row> rows;
  final String stderr;

  private TsharkVerdict(List<Row> rows, String stderr) {
    this.rows = rows;
    this.stderr = stderr;
  }

  /** Whether a {@code tshark} binary runs on this machine. */
  static boolean available() {
    try {
      Process process = new ProcessBuilder("tshark", "--version")
          .redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static final String INSTALL_HINT =
      "tshark is not installed; install it (Debian/Ubuntu: apt-get install tshark) to let"
          + " Wireshark judge the capture";

  /** Runs tshark over {@code pcap} and collects its verdict on every packet. */
  static TsharkVerdict judge(Path pcap) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("tshark", "-n", "-r", pcap.toString()));
    command.addAll(CHECKS);
    command.addAll(List.of("-T", "fields", "-E", "separator=|", "-E", "occurrence=a",
        "-E", "aggregator=,",
        "-e", "frame.number", "-e", "frame.protocols",
        "-e", "ip.checksum.status", "-e", "udp.checksum.status", "-e", "icmp.checksum.status",
        "-e", "_ws.expert.message", "-e", "_ws.malformed"));
    Path errors = Files.createTempFile("tshark", ".err");
    try {
      Process process = new ProcessBuilder(command)
          .redirectError(errors.toFile()).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("tshark did not finish within 60 s on " + pcap);
      }
      String stderr = Files.readString(errors);
      if (process.exitValue() != 0) {
        throw new IOException("tshark failed (" + process.exitValue() + "): " + stderr);
      }
      List<Row> rows = new ArrayList<>();
      for (String line : out.split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        String[] f = line.split("\\|", -1);
        rows.add(new Row(Integer.parseInt(f[0]), f[1], f[2], f[3], f[4], f[5],
            !f[6].isEmpty() || f[1].contains("_ws.malformed")));
      }
      return new TsharkVerdict(rows, stderr);
    } finally {
      Files.deleteIfExists(errors);
    }
  }

  /** Rows with a bad checksum, a malformation, or an expert message of any kind. */
  List<Row> complaints() {
    List<Row> bad = new ArrayList<>();
    for (Row row : rows) {
      if (row.malformed() || !row.expert().isEmpty()
          || isBad(row.ipChecksumStatus()) || isBad(row.udpChecksumStatus())
          || isBad(row.icmpChecksumStatus())) {
        bad.add(row);
      }
    }
    return bad;
  }

  /** tshark prints checksum status as a number: 0 bad, 1 good, 2 unverified. */
  private static boolean isBad(String statuses) {
    for (String status : statuses.split(",")) {
      if (status.equals("0")) {
        return true;
      }
    }
    return false;
  }
}
