/**
 * {@code minitransport grade}: runs a lab's verification suites (transport-tck) against a
 * student's classes and reports rules, transcripts and a score, as text or Gradescope JSON.
 */
package org.minitransport.demo.grade;
