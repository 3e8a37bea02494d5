package org.minitransport.demo.simulate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.net.sim.TraceEvent;
import org.minitransport.core.wire.DecodeException;
import org.minitransport.core.wire.IpProtocol;
import org.minitransport.core.wire.Ipv4Packet;
import org.minitransport.tcp.wire.TcpPacket;

/**
 * Records one TCP connection's data segments as they are sent, and its congestion window, and
 * draws the classic sequence-number-versus-time graph (retransmissions marked) above the
 * congestion window over time, as an SVG file.
 */
final class SequencePlot {

  private record Point(double timeMs, double value, boolean retransmission) {}

  private final List<Point> segments = new ArrayList<>();
  private final List<Point> cwnd = new ArrayList<>();
  private Endpoint sender;
  private LongSupplier cwndSource;
  private long iss = -1;
  private long highestEnd;

  /** Follows the connection whose local endpoint is {@code from}. */
  void follow(Endpoint from, LongSupplier congestionWindow) {
    this.sender = from;
    this.cwndSource = congestionWindow;
  }

  /** Feeds one network trace event (call from the network's trace listener). */
  void onTrace(TraceEvent event) {
    if (sender == null || event.kind() != TraceEvent.Kind.SENT
        || !event.from().equals(sender.address())) {
      return;
    }
    try {
      byte[] bytes = event.packet();
      Ipv4Packet ip = Ipv4Packet.check(bytes, 0, bytes.length);
      if (ip.protocol() != IpProtocol.TCP.number()) {
        return;
      }
      TcpPacket tcp = TcpPacket.check(bytes, ip.payloadOffset(), ip.payloadLength(), ip.source(),
          ip.destination());
      if (tcp.sourcePort() != sender.port()) {
        return;
      }
      double timeMs = event.timeNs() / 1e6;
      if (tcp.syn() && iss < 0) {
        iss = tcp.sequenceNumber();
      }
      if (iss >= 0 && tcp.payloadLength() > 0) {
        long relative = (tcp.sequenceNumber() - iss) & 0xFFFF_FFFFL;
        long end = relative + tcp.payloadLength();
        segments.add(new Point(timeMs, relative, end <= highestEnd));
        highestEnd = Math.max(highestEnd, end);
      }
      cwnd.add(new Point(timeMs, cwndSource.getAsLong(), false));
    } catch (DecodeException e) {
      // a packet the sender emitted is always well formed; nothing to plot otherwise
    }
  }

  /** Writes the SVG. */
  void write(Path file, String title, String subtitle) throws IOException {
    Files.writeString(file, render(title, subtitle), StandardCharsets.UTF_8);
  }

  /**
   * The SVG: a title and a legend above two panels that share the time axis, sequence numbers
   * over time (each data segment a dot, each retransmission a red cross) above the congestion
   * window. Axes end at round values and carry round ticks with light grid lines; nothing is
   * drawn over the data.
   */
  String render(String title, String subtitle) {
    int width = 960;
    int left = 90;
    int right = 30;
    int top = 96;
    int panel = 260;
    int gap = 56;
    int plotWidth = width - left - right;
    int height = top + panel + gap + panel + 58;
    double maxTime = 1;
    double maxSeq = 1;
    double maxCwnd = 1;
    for (Point p : segments) {
      maxTime = Math.max(maxTime, p.timeMs);
      maxSeq = Math.max(maxSeq, p.value);
    }
    for (Point p : cwnd) {
      maxTime = Math.max(maxTime, p.timeMs);
      maxCwnd = Math.max(maxCwnd, p.value);
    }
    boolean seconds = maxTime >= 2000;
    Axis time = Axis.of(seconds ? maxTime / 1000 : maxTime);
    Axis seq = Axis.of(maxSeq);
    Axis window = Axis.of(maxCwnd);
    double timeScale = seconds ? 1000 : 1; // ms per axis unit
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
            + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n",
        width, height, width, height));
    svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    svg.append(String.format(Locale.ROOT,
        "<text x=\"%d\" y=\"24\" font-size=\"15\" font-weight=\"bold\">%s</text>%n", left,
        escape(title)));
    svg.append(String.format(Locale.ROOT,
        "<text x=\"%d\" y=\"44\" fill=\"#444\">%s</text>%n", left, escape(subtitle)));
    legend(svg, left, 70);
    int seqTop = top;
    int cwndTop = top + panel + gap;
    panel(svg, left, seqTop, plotWidth, panel, time, seq, "sequence number (bytes)");
    panel(svg, left, cwndTop, plotWidth, panel, time, window, "congestion window (bytes)");
    for (Point p : segments) {
      double x = left + p.timeMs / timeScale / time.max() * plotWidth;
      double y = seqTop + panel - p.value / seq.max() * panel;
      if (p.retransmission) {
        svg.append(String.format(Locale.ROOT,
            "<path d=\"M%.1f %.1f l7 7 m0 -7 l-7 7\" stroke=\"#d62728\" stroke-width=\"2\"/>%n",
            x - 3.5, y - 3.5));
      } else {
        svg.append(String.format(Locale.ROOT,
            "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"1.6\" fill=\"#1f77b4\"/>%n", x, y));
      }
    }
    // A staircase: the window keeps its value until the next change is seen.
    StringBuilder line = new StringBuilder();
    for (Point p : cwnd) {
      double x = left + p.timeMs / timeScale / time.max() * plotWidth;
      double y = cwndTop + panel - p.value / window.max() * panel;
      line.append(line.length() == 0
          ? String.format(Locale.ROOT, "M%.1f %.1f", x, y)
          : String.format(Locale.ROOT, " H%.1f V%.1f", x, y));
    }
    if (line.length() > 0) {
      svg.append("<path d=\"").append(line)
          .append("\" fill=\"none\" stroke=\"#2ca02c\" stroke-width=\"1.5\"/>\n");
    }
    svg.append(String.format(Locale.ROOT,
        "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">time (%s)</text>%n",
        left + plotWidth / 2, height - 14, seconds ? "s" : "ms"));
    svg.append("</svg>\n");
    return svg.toString();
  }

  /** The key, in a row of its own above the panels. */
  private static void legend(StringBuilder svg, int x, int y) {
    svg.append(String.format(Locale.ROOT,
        "<circle cx=\"%d\" cy=\"%d\" r=\"3\" fill=\"#1f77b4\"/>%n", x + 4, y - 4));
    svg.append(String.format(Locale.ROOT,
        "<text x=\"%d\" y=\"%d\">data segment sent</text>%n", x + 14, y));
    svg.append(String.format(Locale.ROOT,
        "<path d=\"M%d %d l8 8 m0 -8 l-8 8\" stroke=\"#d62728\" stroke-width=\"2\"/>%n",
        x + 160, y - 8));
    svg.append(String.format(Locale.ROOT,
        "<text x=\"%d\" y=\"%d\">retransmission</text>%n", x + 174, y));
    svg.append(String.format(Locale.ROOT,
        "<path d=\"M%d %d h18\" stroke=\"#2ca02c\" stroke-width=\"2\"/>%n", x + 300, y - 4));
    svg.append(String.format(Locale.ROOT,
        "<text x=\"%d\" y=\"%d\">congestion window</text>%n", x + 324, y));
  }

  /** An axis from 0 to a round maximum, in round steps. */
  record Axis(double max, double step) {

    /** About six steps of 1, 2, 2.5 or 5 times a power of ten, covering {@code dataMax}. */
    static Axis of(double dataMax) {
      double raw = Math.max(dataMax, 1e-9) / 6;
      double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
      double residual = raw / magnitude;
      double step = (residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 2.5 ? 2.5
          : residual <= 5 ? 5 : 10) * magnitude;
      return new Axis(Math.ceil(dataMax / step - 1e-9) * step, step);
    }

    int ticks() {
      return (int) Math.round(max / step);
    }
  }

  private static void panel(StringBuilder svg, int left, int top, int width, int height,
      Axis x, Axis y, String yLabel) {
    for (int i = 0; i <= y.ticks(); i++) {
      double value = i * y.step();
      double py = top + height - value / y.max() * height;
      svg.append(String.format(Locale.ROOT,
          "<path d=\"M%d %.1f H%d\" stroke=\"#e5e5e5\"/>%n", left, py, left + width));
      svg.append(String.format(Locale.ROOT,
          "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", left - 6, py + 4,
          label(value, y.step())));
    }
    for (int i = 0; i <= x.ticks(); i++) {
      double value = i * x.step();
      double px = left + value / x.max() * width;
      svg.append(String.format(Locale.ROOT,
          "<path d=\"M%.1f %d V%d\" stroke=\"#e5e5e5\"/>%n", px, top, top + height));
      svg.append(String.format(Locale.ROOT,
          "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", px,
          top + height + 16, plain(value, x.step())));
    }
    svg.append(String.format(Locale.ROOT,
        "<path d=\"M%d %d V%d H%d\" fill=\"none\" stroke=\"black\"/>%n",
        left, top, top + height, left + width));
    svg.append(String.format(Locale.ROOT,
        "<text transform=\"translate(18 %d) rotate(-90)\" text-anchor=\"middle\">%s</text>%n",
        top + height / 2, escape(yLabel)));
  }

  /** A tick value with as many decimals as its step needs: 0.5, 1, 1.5 or 200. */
  private static String plain(double value, double step) {
    int decimals = 0;
    while (decimals < 6) {
      double scaled = step * Math.pow(10, decimals);
      if (Math.abs(scaled - Math.rint(scaled)) < 1e-6 * Math.max(1, scaled)) {
        break;
      }
      decimals++;
    }
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  /** A byte tick: 0, 500k, 1M, 1.5M. */
  private static String label(double value, double step) {
    if (value == 0) {
      return "0";
    }
    if (step >= 1e6 || value >= 1e6 && step >= 1e5) {
      return plain(value / 1e6, step / 1e6) + "M";
    }
    if (step >= 1e3) {
      return plain(value / 1e3, step / 1e3) + "k";
    }
    return plain(value, step);
  }

  int segmentCount() {
    return segments.size();
  }

  long retransmissionCount() {
    return segments.stream().filter(Point::retransmission).count();
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
