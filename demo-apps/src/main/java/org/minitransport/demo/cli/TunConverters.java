package org.minitransport.demo.cli;

import java.util.function.Consumer;
import org.minitransport.core.net.tun.TunConfig;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * picocli converters for the TUN network's options, checked by {@link TunConfig}'s own rules so
 * that a bad value is a usage error (exit code 2) naming it, before any interface is touched.
 * Each keeps the text given; {@code HostOptions.tunConfig()} builds the settings from it.
 */
public final class TunConverters {

  private TunConverters() {}

  /** A Linux interface name: 1–15 letters, digits, '-', '_' or '.'. */
  public static final class InterfaceName implements ITypeConverter<String> {
    @Override
    public String convert(String text) {
      return checked(text, builder -> builder.interfaceName(text));
    }
  }

  /** A network namespace name ({@code ip netns add NAME}). */
  public static final class NamespaceName implements ITypeConverter<String> {
    @Override
    public String convert(String text) {
      return checked(text, builder -> builder.namespace(text));
    }
  }

  /** The kernel side's address and prefix, {@code 10.0.0.254/24} ({@code /24} if left out). */
  public static final class KernelCidr implements ITypeConverter<String> {
    @Override
    public String convert(String text) {
      return checked(text, builder -> builder.kernelCidr(text.trim())).trim();
    }
  }

  private static String checked(String text, Consumer<TunConfig.Builder> setting) {
    try {
      TunConfig.Builder builder = TunConfig.builder();
      setting.accept(builder);
      builder.build();
    } catch (IllegalArgumentException e) {
      String why = e.getMessage();
      throw new TypeConversionException(why.contains(text.trim()) ? why : "'" + text + "': " + why);
    }
    return text;
  }
}
