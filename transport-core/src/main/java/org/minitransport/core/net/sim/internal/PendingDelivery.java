package org.minitransport.core.net.sim.internal;

/**
 * A packet on its way: the one event object a send schedules (two with a duplicate).
 *
 * @param link the link it travels on
 * @param source who sent it
 * @param destination who gets it, as routed at send time
 * @param packet the network's own copy, handed to the receiver on delivery
 * @param arrivalNs when it arrives
 * @param linkSequence the packet's send order on its link (a duplicate shares its original's), used
 *     to detect that it was overtaken
 * @param duplicate whether this is the network's extra copy (its original is the one counted as
 *     reordered)
 */
public record PendingDelivery(
    Link link, SimulatedAttachment source, SimulatedAttachment destination, byte[] packet, long arrivalNs,
    long linkSequence, boolean duplicate) {}
