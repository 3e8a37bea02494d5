/**
 * Running scenario properties at scale: {@link org.minitransport.tck.property.ScenarioProperty}
 * (QuickTheories examples, one knob for the count, shards, shrinking, failure reports with the
 * scenario as JSON, a replay command, a pcap and a transcript), {@link
 * org.minitransport.tck.property.Shard} (a campaign split by seed range over processes or machines)
 * and {@link org.minitransport.tck.property.ScenarioReport} (per-property counts in {@code
 * target/scenario-report.json}, mergeable across shards).
 */
package org.minitransport.tck.property;
