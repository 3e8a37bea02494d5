/**
 * The verification framework (the TCK's core): rule-tagged JUnit 5 suites that check a component
 * through its interface and fail with a transcript a student can read.
 *
 * <ul>
 *   <li>{@link org.minitransport.tck.verify.Rule} tags each {@code @Test} with an id, a citation
 *       and a hint; {@link org.minitransport.tck.verify.RuleExtension} (declared on each suite)
 *       insists on it and turns a failure into a {@link
 *       org.minitransport.tck.verify.RuleViolation} that prints all three around the transcript.
 *   <li>{@link org.minitransport.tck.verify.Script} writes a check as actions and expectations
 *       (on testkit's {@code StepHarness}): "should have been X, but was Y" after every step so
 *       far.
 *   <li>{@link org.minitransport.tck.verify.ScriptProperty} draws lists of {@link
 *       org.minitransport.tck.verify.Operation}s with QuickTheories and replays the shrunk
 *       failing list as a script, so a property failure is a short transcript.
 *   <li>{@link org.minitransport.tck.verify.VerificationRun} runs suites through the JUnit
 *       Platform launcher; {@link org.minitransport.tck.verify.RuleRecorder} records a {@link
 *       org.minitransport.tck.verify.RuleResult} per rule; {@link
 *       org.minitransport.tck.verify.VerificationReport} prints them with a score, as text or as
 *       Gradescope's {@code results.json}.
 *   <li>{@link org.minitransport.tck.verify.GradedLabs} maps each lab name to its suites and
 *       factory type; {@link org.minitransport.tck.verify.StudentFactory} loads the student's
 *       factory for a graded run.
 * </ul>
 *
 * <p>A suite is an abstract class per component ({@code PortTableVerification}, …) with one
 * abstract factory method, subclassed once for the reference (the project's own tests), once for
 * grading ({@code Student…Verification}), and by anyone with an implementation to check.
 */
package org.minitransport.tck.verify;
