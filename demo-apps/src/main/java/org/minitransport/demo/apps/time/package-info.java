/**
 * A UDP time service in the spirit of RFC 868: a request/response protocol over udp-lite with
 * request ids, so that a client can retransmit after a timeout and still match each reply to the
 * attempt it answers. The wire format is text, readable in a capture; see {@link
 * org.minitransport.demo.apps.time.TimeRequest} and {@link
 * org.minitransport.demo.apps.time.TimeReply}.
 */
package org.minitransport.demo.apps.time;
