/**
 * Test support any module (or any student's implementation) can reuse: {@link
 * org.minitransport.testkit.StepHarness} (scripts with a readable transcript on failure), {@link
 * org.minitransport.testkit.Seeds} (seeded runs that print their replay flag), the seeded
 * simulation harness, QuickTheories generators for impairments, and abstract verification suites
 * that an implementation subclasses with a factory method.
 */
package org.minitransport.testkit;
