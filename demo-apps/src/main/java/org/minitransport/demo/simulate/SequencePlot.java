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
  void write(Path file, String title) throws IOException {
    Files.writeString(file, render(title), StandardCharsets.UTF_8);
  }

  String render(String title) {
    int width = 900;
    int panel = 260;
    int left = 80;
    int right = 20;
    int top = 40;
    int gap = 60;
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
    int plotWidth = width - left - right;
    int height = top + panel + gap + panel + 50;
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
            + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n",
        width, height, width, height));
    svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"14\">%s</text>%n",
        left, escape(title)));
    axes(svg, left, top, plotWidth, panel, maxTime, maxSeq, "sequence number (bytes)");
    for (Point p : segments) {
      double x = left + p.timeMs / maxTime * plotWidth;
      double y = top + panel - p.value / maxSeq * panel;
      if (p.retransmission) {
        svg.append(String.format(Locale.ROOT,
            "<path d=\"M%.1f %.1f l6 6 m0 -6 l-6 6\" stroke=\"#d62728\" stroke-width=\"1.5\"/>%n",
            x - 3, y - 3));
      } else {
        svg.append(String.format(Locale.ROOT,
            "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"1.5\" fill=\"#1f77b4\"/>%n", x, y));
      }
    }
    int cwndTop = top + panel + gap;
    axes(svg, left, cwndTop, plotWidth, panel, maxTime, maxCwnd, "congestion window (bytes)");
    StringBuilder line = new StringBuilder();
    for (Point p : cwnd) {
      double x = left + p.timeMs / maxTime * plotWidth;
      double y = cwndTop + panel - p.value / maxCwnd * panel;
      line.append(line.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
    }
    if (line.length() > 0) {
      svg.append("<path d=\"").append(line)
          .append("\" fill=\"none\" stroke=\"#2ca02c\" stroke-width=\"1.5\"/>\n");
    }
    svg.append(String.format(Locale.ROOT,
        "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">time (ms)</text>%n",
        left + plotWidth / 2, height - 10));
    svg.append(String.format(Locale.ROOT,
        "<text x=\"%d\" y=\"%d\">blue: data segment sent; red x: retransmission</text>%n",
        left + 10, top + 15));
    svg.append("</svg>\n");
    return svg.toString();
  }

  int segmentCount() {
    return segments.size();
  }

  long retransmissionCount() {
    return segments.stream().filter(Point::retransmission).count();
  }

  private static void axes(StringBuilder svg, int left, int top, int width, int height,
      double maxX, double maxY, String yLabel) {
    svg.append(String.format(Locale.ROOT,
        "<path d=\"M%d %d V%d H%d\" fill=\"none\" stroke=\"black\"/>%n",
        left, top, top + height, left + width));
    for (int i = 0; i <= 4; i++) {
      double fraction = i / 4.0;
      int y = (int) (top + height - fraction * height);
      int x = (int) (left + fraction * width);
      svg.append(String.format(Locale.ROOT,
          "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", left - 5, y + 4,
          compact(maxY * fraction)));
      svg.append(String.format(Locale.ROOT,
          "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%.0f</text>%n", x, top + height + 15,
          maxX * fraction));
    }
    svg.append(String.format(Locale.ROOT,
        "<text transform=\"translate(15 %d) rotate(-90)\" text-anchor=\"middle\">%s</text>%n",
        top + height / 2, escape(yLabel)));
  }

  private static String compact(double value) {
    if (value >= 1e6) {
      return String.format(Locale.ROOT, "%.1fM", value / 1e6);
    }
    if (value >= 1e3) {
      return String.format(Locale.ROOT, "%.0fk", value / 1e3);
    }
    return String.format(Locale.ROOT, "%.0f", value);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
