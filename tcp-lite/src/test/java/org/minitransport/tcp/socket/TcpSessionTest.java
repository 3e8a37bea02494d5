package org.minitransport.tcp.socket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.isA;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.net.sim.LinkConfig;
import org.mockito.InOrder;

/** The non-blocking API: handler callbacks, their order, and the session's thread confinement. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TcpSessionTest {

  private static final Endpoint SERVER = Endpoint.of("10.0.0.2", 7007);

  private RealTimeHosts hosts;

  @BeforeEach
  void startHosts() throws IOException {
    hosts = RealTimeHosts.simulated(3, LinkConfig.DEFAULT, 2, FastTimers.config());
  }

  @AfterEach
  void stopHosts() {
    hosts.close();
    assertEquals(0, hosts.loopFailures(), "unexpected exceptions on the event loops");
  }

  /** Echoes everything back, then closes when the peer has finished. */
  private static final class Echo implements TcpHandler {
    private final byte[] buffer = new byte[4096];

    @Override
    public void onReadable(TcpSession session) {
      try {
        int n;
        while ((n = session.read(buffer)) > 0) {
          assertEquals(n, session.write(buffer, 0, n), "small test messages fit the buffer");
        }
        if (n < 0) {
          session.close();
        }
      } catch (IOException e) {
        session.abort();
      }
    }
  }

  /** Sends a message, half-closes, collects the reply until the end of stream. */
  private static final class Requester implements TcpHandler {
    final byte[] message;
    final ByteArrayOutputStream reply = new ByteArrayOutputStream();
    final CompletableFuture<byte[]> done = new CompletableFuture<>();
    final CompletableFuture<IOException> closed = new CompletableFuture<>();

    Requester(byte[] message) {
      this.message = message;
    }

    @Override
    public void onConnected(TcpSession session) {
      try {
        session.write(message);
        session.shutdownOutput();
      } catch (IOException e) {
        done.completeExceptionally(e);
      }
    }

    @Override
    public void onReadable(TcpSession session) {
      byte[] buffer = new byte[4096];
      try {
        int n;
        while ((n = session.read(buffer)) > 0) {
          reply.write(buffer, 0, n);
        }
        if (n < 0) {
          done.complete(reply.toByteArray());
          session.close();
        }
      } catch (IOException e) {
        done.completeExceptionally(e);
      }
    }

    @Override
    public void onClosed(TcpSession session, IOException failure) {
      closed.complete(failure);
    }
  }

  @Test
  void echoesAMessageAndClosesCleanly() throws Exception {
    hosts.tcp(2).listen(SERVER, 10, Echo::new);
    Requester requester = new Requester("ping".getBytes());
    TcpSession session = hosts.tcp(1).connect(SERVER, requester).get(5, TimeUnit.SECONDS);
    assertEquals(SERVER, session.remoteEndpoint());
    assertArrayEquals("ping".getBytes(), requester.done.get(5, TimeUnit.SECONDS));
    assertEquals(null, requester.closed.get(5, TimeUnit.SECONDS), "a clean close has no failure");
    assertTrue(session.isFinished());
  }

  @Test
  void connectingToAClosedPortFailsTheFutureWithConnectException() {
    TcpHandler handler = mock(TcpHandler.class);
    CompletableFuture<TcpSession> future = hosts.tcp(1).connect(Endpoint.of("10.0.0.2", 9), handler);
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> future.get(5, TimeUnit.SECONDS));
    assertTrue(e.getCause() instanceof ConnectException, String.valueOf(e.getCause()));
    org.mockito.Mockito.verifyNoInteractions(handler);
  }

  @Test
  void anAcceptedSessionHearsConnectedThenReadableThenClosedWithTheResetAsFailure()
      throws Exception {
    TcpHandler server = mock(TcpHandler.class);
    hosts.tcp(2).listen(SERVER, 10, () -> server);
    TcpSocket client = hosts.tcp(1).connect(SERVER);
    client.getOutputStream().write(new byte[] {1, 2, 3});
    verify(server, timeout(5000).atLeastOnce()).onReadable(any());
    client.abort();
    verify(server, timeout(5000)).onClosed(any(), isA(SocketException.class));
    InOrder order = inOrder(server);
    order.verify(server).onConnected(any());
    order.verify(server, atLeastOnce()).onReadable(any());
    order.verify(server).onClosed(any(), isA(SocketException.class));
  }

  @Test
  void aHandlerThatThrowsAbortsItsSessionAndThePeerSeesAReset() throws Exception {
    hosts.tcp(2).listen(SERVER, 10, () -> new TcpHandler() {
      @Override
      public void onReadable(TcpSession session) {
        throw new IllegalStateException("handler bug");
      }
    });
    TcpSocket client = hosts.tcp(1).connect(SERVER);
    client.getOutputStream().write(1);
    SocketException e = assertThrows(SocketException.class,
        () -> client.getInputStream().read());
    assertTrue(e.getMessage().contains("reset"), e.getMessage());
  }

  @Test
  void sessionMethodsOffTheHostThreadAreRefused() throws Exception {
    hosts.tcp(2).listen(SERVER, 10, Echo::new);
    TcpSession session = hosts.tcp(1).connect(SERVER, new TcpHandler() { })
        .get(5, TimeUnit.SECONDS);
    assertThrows(IllegalStateException.class, () -> session.write(new byte[1]));
    assertThrows(IllegalStateException.class, session::close);
    hosts.tcp(1).executor().execute(session::close); // the supported way
  }

  @Test
  void onClosedCarriesNullAfterBothSidesCloseCleanly() throws Exception {
    TcpHandler server = mock(TcpHandler.class, org.mockito.Mockito.withSettings()
        .defaultAnswer(invocation -> {
          if (invocation.getMethod().getName().equals("onReadable")) {
            TcpSession session = invocation.getArgument(0);
            if (session.read(new byte[16]) < 0) {
              session.close();
            }
          }
          return null;
        }));
    hosts.tcp(2).listen(SERVER, 10, () -> server);
    TcpSocket client = hosts.tcp(1).connect(SERVER);
    client.shutdownOutput();
    assertEquals(-1, client.getInputStream().read());
    client.close();
    verify(server, timeout(5000)).onClosed(any(), isNull());
  }

  @Test
  void urgentDataIsAnnouncedByOnUrgentDataBeforeItIsReadInline() throws Exception {
    CompletableFuture<Long> announced = new CompletableFuture<>();
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    CompletableFuture<byte[]> all = new CompletableFuture<>();
    hosts.tcp(2).listen(SERVER, 10, () -> new TcpHandler() {
      @Override
      public void onUrgentData(TcpSession session) {
        announced.complete(session.urgentBytesPending());
      }

      @Override
      public void onReadable(TcpSession session) {
        byte[] buffer = new byte[64];
        try {
          int n;
          while ((n = session.read(buffer)) > 0) {
            got.write(buffer, 0, n);
          }
          if (n < 0) {
            all.complete(got.toByteArray());
            session.close();
          }
        } catch (IOException e) {
          all.completeExceptionally(e);
        }
      }
    });
    hosts.tcp(1).connect(SERVER, new TcpHandler() {
      @Override
      public void onConnected(TcpSession session) {
        try {
          session.write("ab".getBytes());
          assertTrue(session.sendUrgentData('!'));
          session.shutdownOutput();
        } catch (IOException e) {
          all.completeExceptionally(e);
        }
      }
    });
    // "ab" went out first (nothing in flight), the urgent byte at once after it (urgent data is
    // never held back by Nagle); the server had read "ab" when the urgent pointer arrived.
    assertEquals(1L, announced.get(5, TimeUnit.SECONDS), "the next byte is the urgent one");
    assertArrayEquals("ab!".getBytes(), all.get(5, TimeUnit.SECONDS), "inline, in order");
  }
}
