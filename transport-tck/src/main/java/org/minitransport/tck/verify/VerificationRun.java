package org.minitransport.tck.verify;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Objects;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs verification suites through the JUnit Platform launcher, in this process, and collects a
 * {@link VerificationReport}. The grader uses it with the student's class loader and factory;
 * tests use it to prove a suite catches a broken implementation.
 */
public final class VerificationRun {

  private VerificationRun() {}

  /**
   * Runs {@code suites} with {@code loader} as the context class loader and {@code factoryClass}
   * as the {@link StudentFactory#PARAMETER} (null when the suites name their own factory).
   *
   * @param title the report's title
   */
  public static VerificationReport run(
      String title, ClassLoader loader, String factoryClass, List<Class<?>> suites) {
    Objects.requireNonNull(loader, "loader");
    List<ClassSelector> selectors = suites.stream().map(c -> selectClass(c)).toList();
    LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
        .selectors(selectors)
        // Suites run only when selected, never by scanning, and not in parallel.
        .configurationParameter("junit.jupiter.execution.parallel.enabled", "false");
    if (factoryClass != null) {
      request.configurationParameter(StudentFactory.PARAMETER, factoryClass);
    }
    LauncherDiscoveryRequest built = request.build();
    RuleRecorder recorder = new RuleRecorder();
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      Launcher launcher = LauncherFactory.create();
      launcher.execute(built, recorder);
    } finally {
      thread.setContextClassLoader(previous);
    }
    return new VerificationReport(title, recorder.results());
  }

  /** Runs {@code suites}, which name their own factories, on this class loader. */
  public static VerificationReport run(String title, List<Class<?>> suites) {
    return run(title, VerificationRun.class.getClassLoader(), null, suites);
  }
}
