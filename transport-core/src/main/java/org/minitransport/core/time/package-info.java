/**
 * Time for drivers: {@link org.minitransport.core.time.NanoClock} (virtual or system), {@link
 * org.minitransport.core.time.VirtualClock} for deterministic simulation and {@link
 * org.minitransport.core.time.TimerQueue}, an ordered set of deadlines. Engines never read a clock;
 * they are told {@code nowNs}. Raw time values carry their unit in their name ({@code nowNs}).
 */
package org.minitransport.core.time;
