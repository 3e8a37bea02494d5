package org.minitransport.demo.cli;

import java.util.Locale;

/** Numbers for people: byte counts, rates and durations as the command line prints them. */
public final class Sizes {

  private Sizes() {}

  /** A byte count: {@code 512 B}, {@code 1.5 KiB}, {@code 3.2 MiB}. */
  public static String bytes(long count) {
    if (count < 1024) {
      return count + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = count;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }

  /** A bit rate: {@code 950 bit/s}, {@code 12.34 Mbit/s} (decimal prefixes, as links are rated). */
  public static String bitRate(double bitsPerSecond) {
    String[] units = {"bit/s", "kbit/s", "Mbit/s", "Gbit/s", "Tbit/s"};
    double value = bitsPerSecond;
    int unit = 0;
    while (value >= 1000 && unit < units.length - 1) {
      value /= 1000;
      unit++;
    }
    return unit == 0 ? String.format(Locale.ROOT, "%.0f %s", value, units[0])
        : String.format(Locale.ROOT, "%.2f %s", value, units[unit]);
  }

  /** A timeout or wait for messages: {@code 300 ms}, {@code 30 s}, {@code 1.5 s}, {@code 2:05}. */
  public static String duration(long ns) {
    if (ns < 1_000_000_000L) {
      return Math.round(ns / 1e6) + " ms";
    }
    double seconds = ns / 1e9;
    if (seconds < 60) {
      return seconds == Math.rint(seconds) ? (long) seconds + " s"
          : String.format(Locale.ROOT, "%.1f s", seconds);
    }
    return clock(seconds);
  }

  /** A duration in seconds, rounded: {@code 7s}, {@code 2:05}, {@code 1:02:03}. */
  public static String clock(double seconds) {
    long s = Math.max(0, Math.round(seconds));
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
  }
}
