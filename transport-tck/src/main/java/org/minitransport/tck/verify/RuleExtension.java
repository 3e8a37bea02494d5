package org.minitransport.tck.verify;

import java.lang.reflect.Method;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * The JUnit 5 extension every verification suite declares ({@code @ExtendWith(RuleExtension.class)}
 * on the abstract suite): it insists that each test names its {@link Rule}, and it turns a failing
 * test's error into a {@link RuleViolation} whose message is the rule id, the citation, the
 * transcript and the hint. Aborted tests (assumptions) pass through untouched.
 */
public final class RuleExtension implements BeforeEachCallback, TestExecutionExceptionHandler {

  @Override
  public void beforeEach(ExtensionContext context) {
    Method method = context.getRequiredTestMethod();
    if (method.getAnnotation(Rule.class) == null) {
      throw new IllegalStateException(
          "verification test " + method.getDeclaringClass().getSimpleName() + "." + method.getName()
              + " has no @Rule(id, cites, hint); every check of a suite names its rule");
    }
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure)
      throws Throwable {
    Rule rule = context.getRequiredTestMethod().getAnnotation(Rule.class);
    if (rule == null || failure instanceof TestAbortedException
        || failure instanceof RuleViolation) {
      throw failure;
    }
    throw new RuleViolation(rule, context.getDisplayName(), failure);
  }
}
