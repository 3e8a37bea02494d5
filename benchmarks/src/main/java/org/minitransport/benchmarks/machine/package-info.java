/**
 * What the side-by-side runners print about the machine they ran on, so that a figure in the
 * README can be read with the conditions that shaped it (load, cores, how an idle core wakes).
 */
package org.minitransport.benchmarks.machine;
