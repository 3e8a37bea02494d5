/**
 * {@code minitransport starter}: the starter generator of the labs ({@code docs/labs/}). Solution
 * regions are marked in the reference sources with comment lines {@code // BEGIN LAB n: what the
 * student writes} … {@code // END LAB n}; a lab's starter is a small Maven project with those
 * classes copied under the student's names and each region replaced by {@code throw new
 * UnsupportedOperationException("lab n: …")}.
 */
package org.minitransport.demo.starter;
