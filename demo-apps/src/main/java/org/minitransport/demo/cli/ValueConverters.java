package org.minitransport.demo.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converters for the units the command line accepts; errors name the bad value. */
public final class ValueConverters {

  private ValueConverters() {}

  /** A probability: {@code 0.05} or {@code 5%}, within 0–1. */
  public static final class Probability implements ITypeConverter<Double> {
    @Override
    public Double convert(String text) {
      String t = text.trim();
      double value;
      try {
        value = t.endsWith("%")
            ? Double.parseDouble(t.substring(0, t.length() - 1)) / 100.0
            : Double.parseDouble(t);
      } catch (NumberFormatException e) {
        throw new TypeConversionException(
            "'" + text + "' is not a probability (write 0.05 or 5%)");
      }
      if (!(value >= 0 && value <= 1)) {
        throw new TypeConversionException("'" + text + "' is not a probability between 0 and 1");
      }
      return value;
    }
  }

  /**
   * A duration: {@code 20ms}, {@code 1.5s}, {@code 250us}, {@code 100ns}, {@code 2m} (minutes),
   * {@code 1h}; a bare number is milliseconds. At most a day.
   */
  public static final class Duration implements ITypeConverter<Long> {
    private static final String[][] UNITS = {
        {"ms", "1000000"}, {"us", "1000"}, {"ns", "1"}, {"min", "60000000000"},
        {"s", "1000000000"}, {"m", "60000000000"}, {"h", "3600000000000"}};

    @Override
    public Long convert(String text) {
      String t = text.trim().toLowerCase(Locale.ROOT);
      long scaleNs = 1_000_000L;
      String number = t;
      for (String[] unit : UNITS) {
        if (t.endsWith(unit[0])) {
          scaleNs = Long.parseLong(unit[1]);
          number = t.substring(0, t.length() - unit[0].length());
          break;
        }
      }
      double value;
      try {
        value = Double.parseDouble(number);
      } catch (NumberFormatException e) {
        throw new TypeConversionException(
            "'" + text + "' is not a duration (write 20ms, 1.5s, 250us, 2m)");
      }
      if (!(value >= 0) || value * scaleNs > 8.64e13) {
        throw new TypeConversionException("'" + text + "' is not a duration from 0 to 24h");
      }
      return Math.round(value * scaleNs);
    }
  }

  /**
   * A timeout: a {@link Duration} of at least 1 ms (0 or a negative value is a usage error, never
   * silently "1 ms" or "forever").
   */
  public static final class Timeout implements ITypeConverter<Long> {
    @Override
    public Long convert(String text) {
      long ns = new Duration().convert(text);
      if (ns < 1_000_000L) {
        throw new TypeConversionException("'" + text + "' is not a timeout: give at least 1ms");
      }
      return ns;
    }
  }

  /** A link MTU: 576 (the IPv4 minimum every host accepts) to 65535 bytes. */
  public static final class Mtu implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String text) {
      int mtu;
      try {
        mtu = Integer.parseInt(text.trim());
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + text + "' is not an MTU (a number of bytes)");
      }
      if (mtu < 576 || mtu > 65_535) {
        throw new TypeConversionException("'" + text + "' is not an MTU from 576 to 65535 bytes");
      }
      return mtu;
    }
  }

  /** A rate in bits per second: {@code 10M}, {@code 1.5G}, {@code 800k}, {@code 56000}; 0 = unlimited. */
  public static final class BitRate implements ITypeConverter<Long> {
    @Override
    public Long convert(String text) {
      String t = text.trim().toLowerCase(Locale.ROOT).replace("bit", "").replace("bps", "");
      double scale = 1;
      if (t.endsWith("k")) {
        scale = 1e3;
      } else if (t.endsWith("m")) {
        scale = 1e6;
      } else if (t.endsWith("g")) {
        scale = 1e9;
      }
      String number = scale == 1 ? t : t.substring(0, t.length() - 1);
      double value;
      try {
        value = Double.parseDouble(number);
      } catch (NumberFormatException e) {
        throw new TypeConversionException(
            "'" + text + "' is not a bit rate (write 10M, 800k or 56000)");
      }
      if (!(value >= 0) || value * scale > 1e12) {
        throw new TypeConversionException("'" + text + "' is not a bit rate from 0 to 1T");
      }
      return Math.round(value * scale);
    }
  }

  /** A byte count: {@code 64k}, {@code 1M}, {@code 1G}, {@code 1000} (binary multiples). */
  public static final class ByteCount implements ITypeConverter<Long> {
    @Override
    public Long convert(String text) {
      String t = text.trim().toLowerCase(Locale.ROOT).replace("ib", "").replace("b", "");
      long scale = 1;
      if (t.endsWith("k")) {
        scale = 1L << 10;
      } else if (t.endsWith("m")) {
        scale = 1L << 20;
      } else if (t.endsWith("g")) {
        scale = 1L << 30;
      }
      String number = scale == 1 ? t : t.substring(0, t.length() - 1);
      double value;
      try {
        value = Double.parseDouble(number);
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + text + "' is not a byte count (write 64k, 1M, 1000)");
      }
      if (!(value >= 0) || value * scale > (double) (1L << 40)) {
        throw new TypeConversionException("'" + text + "' is not a byte count from 0 to 1T");
      }
      return Math.round(value * scale);
    }
  }
}
