/**
 * Drivers: the only code with threads or a clock. {@link
 * org.minitransport.core.driver.SimulationDriver} runs many hosts and a simulated network on one
 * thread in virtual time, jumping to the earliest deadline, with a step budget so a livelock
 * fails. {@link org.minitransport.core.driver.EventLoop} runs hosts on a real thread over any
 * network, parking while idle.
 */
package org.minitransport.core.driver;
