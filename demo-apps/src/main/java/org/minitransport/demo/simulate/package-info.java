/**
 * The {@code simulate} command: many concurrent sessions between two hosts on the deterministic
 * simulated network, verified end to end and summarised.
 */
package org.minitransport.demo.simulate;
