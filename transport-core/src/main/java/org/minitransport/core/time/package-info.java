/**
 * Time: {@link org.minitransport.core.time.NanoClock} (virtual or system) and {@link
 * org.minitransport.core.time.VirtualClock} for drivers and deterministic simulation; {@link
 * org.minitransport.core.time.TimerQueue}, an ordered set of deadlines; and {@link
 * org.minitransport.core.time.TokenBucket}, a rate limit in caller-supplied time that the IP layer
 * (ICMP errors) and tcp-lite (challenge ACKs) share. Engines never read a clock; they are told
 * {@code nowNs}. Raw time values carry their unit in their name ({@code nowNs}).
 */
package org.minitransport.core.time;
