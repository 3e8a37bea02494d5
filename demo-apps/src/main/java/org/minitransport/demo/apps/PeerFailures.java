package org.minitransport.demo.apps;

import java.io.IOException;
import java.net.SocketException;
import org.minitransport.core.address.Endpoint;
import org.minitransport.demo.cli.Sizes;

/**
 * The words every command uses for the same network failure, so that a refused connection, a
 * peer that vanished or a missing route read alike whichever command met them:
 *
 * <pre>
 * cannot connect to 10.0.0.2:9000: connection refused (is receive-file running there, on that port?)
 * cannot connect to 10.0.0.2:9000: no answer within 30 s (is the host up, and do --routes lead to it?)
 * cannot connect to 10.1.2.3:80: no route to 10.1.2.3 (no --routes entry covers it)
 * connection to 10.0.0.2:9000 lost: reset by the peer
 * connection to 10.0.0.2:9000 lost: no answer for 30 s (the peer may have gone; --timeout sets the wait)
 * </pre>
 */
final class PeerFailures {

  static final String REFUSED = "connection refused";
  static final String HOST_HINT = "is the host up, and do --routes lead to it?";

  private PeerFailures() {}

  /** "cannot ACTION PEER: REASON (HINT)". */
  static String cannot(String action, Endpoint peer, String reason, String hint) {
    return "cannot " + action + " " + peer + ": " + reason + (hint == null ? "" : " (" + hint + ")");
  }

  /** "no answer within 30 s". */
  static String noAnswer(long timeoutNs) {
    return "no answer within " + Sizes.duration(timeoutNs);
  }

  /**
   * The failure of an established connection in the common words: "connection to PEER lost:
   * reset by the peer", "... no answer for 30 s ...". Keeps the exception's type.
   */
  static IOException lost(Endpoint peer, IOException failure, long timeoutNs) {
    String message = failure.getMessage() == null ? "" : failure.getMessage();
    String reason;
    if (message.startsWith("Connection reset")) {
      reason = "reset by the peer";
    } else if (message.startsWith("Connection timed out")
        || failure instanceof java.net.SocketTimeoutException) {
      reason = "no answer for " + Sizes.duration(timeoutNs)
          + " (the peer may have gone; --timeout sets the wait)";
    } else {
      return failure;
    }
    String text = "connection to " + peer + " lost: " + reason;
    IOException unified = failure instanceof java.net.SocketTimeoutException
        ? new java.net.SocketTimeoutException(text) : new SocketException(text);
    unified.initCause(failure);
    return unified;
  }

}
