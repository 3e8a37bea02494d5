package org.minitransport.tck.verify;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The rule one verification test checks: its id, where the rule comes from and what to look at
 * when it fails. Every {@code @Test} of a suite run with {@link RuleExtension} carries one; the
 * extension prints all three with the transcript of a failure, and {@link RuleRecorder} reports
 * per rule.
 *
 * <pre>{@code
 * @Test
 * @Rule(id = "PORT-01", cites = "RFC 6335 §6",
 *     hint = "If this fails, check that an unprivileged table refuses ports 1-1023")
 * void refusesWellKnownPortsWhenUnprivileged() { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Rule {

  /** A stable id: the component's prefix, a dash and two digits ({@code REASM-07}). */
  String id();

  /** The source of the rule: an RFC section ({@code RFC 768}) or {@code contract: …}. */
  String cites();

  /** What a student should check first when the rule fails ({@code If this fails, check …}). */
  String hint();
}
