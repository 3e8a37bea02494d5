/**
 * Not API. Data structures behind {@link org.minitransport.core.port.PortTable}: an
 * allocation-free hash map keyed by two packed longs, and the RFC 6056 Algorithm 4 ephemeral port
 * selector.
 */
package org.minitransport.core.port.internal;
