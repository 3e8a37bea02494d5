/**
 * Not API: the impairments of one directed link ({@link
 * org.minitransport.core.net.impair.internal.LinkImpairments}) and its bandwidth queue, shared by
 * the simulated network and the impairing decorator. Guarded by the owner's lock.
 */
package org.minitransport.core.net.impair.internal;
