/**
 * QuickTheories generators of whole scenarios: TCP exchanges ({@link
 * org.minitransport.tck.generators.TcpScenarios}: impairments both ways, random {@code TcpConfig}
 * on each side, random application behaviour) and UDP traffic ({@link
 * org.minitransport.tck.generators.UdpScenarios}). Links come from the testkit's one generator,
 * {@link org.minitransport.testkit.ImpairmentGenerators}. Every value shrinks towards the simple
 * end: fewer impairments, the base configuration, shorter streams, no pauses, no abort.
 */
package org.minitransport.tck.generators;
