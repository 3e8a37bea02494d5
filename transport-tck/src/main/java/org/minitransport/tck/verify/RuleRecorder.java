package org.minitransport.tck.verify;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * A JUnit Platform listener that records one {@link RuleResult} per {@link Rule} test. Every rule
 * test in the plan gets a result: one that never ran because its class could not start (a
 * factory that cannot be loaded, a failing constructor) is failed with the container's error, so
 * a broken submission scores zero instead of vanishing from the report.
 */
public final class RuleRecorder implements TestExecutionListener {

  private final Map<String, RuleResult> results = new LinkedHashMap<>();
  private final Map<String, Pending> pending = new LinkedHashMap<>();
  private TestPlan plan;

  private record Pending(Rule rule, String suite, String test) {}

  @Override
  public void testPlanExecutionStarted(TestPlan testPlan) {
    plan = testPlan;
    for (TestIdentifier root : testPlan.getRoots()) {
      for (TestIdentifier id : testPlan.getDescendants(root)) {
        ruleOf(id).ifPresent(p -> pending.put(id.getUniqueId(), p));
      }
    }
  }

  @Override
  public void executionSkipped(TestIdentifier id, String reason) {
    markAll(id, RuleResult.Status.SKIPPED, "skipped: " + reason);
  }

  @Override
  public void executionFinished(TestIdentifier id, TestExecutionResult result) {
    switch (result.getStatus()) {
      case SUCCESSFUL -> {
        if (id.isTest()) {
          record(id.getUniqueId(), RuleResult.Status.PASSED, "");
        }
      }
      case ABORTED -> markAll(id, RuleResult.Status.SKIPPED,
          "skipped: " + result.getThrowable().map(Throwable::getMessage).orElse("aborted"));
      case FAILED -> markAll(id, RuleResult.Status.FAILED,
          result.getThrowable().map(RuleRecorder::describe).orElse("failed"));
    }
  }

  /** Every rule test's result so far; tests that never finished count as failed. */
  public List<RuleResult> results() {
    List<RuleResult> all = new ArrayList<>(results.values());
    for (Map.Entry<String, Pending> left : pending.entrySet()) {
      if (!results.containsKey(left.getKey())) {
        Pending p = left.getValue();
        all.add(result(p, RuleResult.Status.FAILED, "did not run"));
      }
    }
    return all;
  }

  /** Records {@code status} for {@code id} and, for a container, every rule test left in it. */
  private void markAll(TestIdentifier id, RuleResult.Status status, String output) {
    record(id.getUniqueId(), status, output);
    if (plan != null && id.isContainer()) {
      String why = status == RuleResult.Status.FAILED
          ? "did not run: " + id.getDisplayName() + " failed: " + output : output;
      for (TestIdentifier inside : plan.getDescendants(id)) {
        if (!results.containsKey(inside.getUniqueId())) {
          record(inside.getUniqueId(), status, why);
        }
      }
    }
  }

  private void record(String uniqueId, RuleResult.Status status, String output) {
    Pending p = pending.get(uniqueId);
    if (p != null && !results.containsKey(uniqueId)) {
      results.put(uniqueId, result(p, status, output));
    }
  }

  private static RuleResult result(Pending p, RuleResult.Status status, String output) {
    return new RuleResult(
        p.rule().id(), p.rule().cites(), p.rule().hint(), p.suite(), p.test(), status, output);
  }

  private static Optional<Pending> ruleOf(TestIdentifier id) {
    if (!id.isTest()) {
      return Optional.empty();
    }
    Optional<TestSource> source = id.getSource();
    if (source.isEmpty() || !(source.get() instanceof MethodSource methodSource)) {
      return Optional.empty();
    }
    Method method;
    try {
      method = methodSource.getJavaMethod();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    Rule rule = method.getAnnotation(Rule.class);
    if (rule == null) {
      return Optional.empty();
    }
    String suite = methodSource.getJavaClass().getSimpleName();
    return Optional.of(new Pending(rule, suite, method.getName()));
  }

  private static String describe(Throwable failure) {
    if (failure instanceof RuleViolation) {
      return failure.getMessage();
    }
    String message = failure.getMessage();
    return failure.getClass().getName() + (message == null ? "" : ": " + message);
  }
}
