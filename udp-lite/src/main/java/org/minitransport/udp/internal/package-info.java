/** udp-lite internals: not API. */
package org.minitransport.udp.internal;
