package org.minitransport.core.net.tun.internal;

import com.sun.jna.LastErrorException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.minitransport.core.net.tun.TunException;
import org.minitransport.core.net.tun.TunException.Reason;

/**
 * Runs a piece of setup inside a named network namespace ({@code /var/run/netns/NAME}, as {@code
 * ip netns add} makes it), on a fresh thread of its own that {@code setns(2)} moves there and that
 * ends afterwards, so no other thread of the JVM ever leaves its namespace. Files opened and
 * sockets made on that thread belong to the namespace: a TUN file opened there creates its
 * interface there, and ioctls on a socket made there configure it.
 */
final class InNamespace {

  /** Setup that may fail with a {@link TunException}. */
  interface Setup<T> {
    T run() throws TunException;
  }

  private InNamespace() {}

  static <T> T call(String namespace, Setup<T> setup) throws TunException {
    Path path = Path.of("/var/run/netns", namespace);
    if (!Files.exists(path)) {
      throw new TunException(Reason.FAILED, "network namespace " + namespace + " does not exist ("
          + path + "); create it with: ip netns add " + namespace);
    }
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread thread = new Thread(() -> {
      try {
        enter(namespace, path);
        result.set(setup.run());
      } catch (TunException | RuntimeException | Error e) {
        failure.set(e);
      }
    }, "tun-setup-" + namespace);
    thread.start();
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    Throwable thrown = failure.get();
    if (thrown instanceof TunException tun) {
      throw tun;
    }
    if (thrown instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (thrown instanceof Error error) {
      throw error;
    }
    return result.get();
  }

  private static void enter(String namespace, Path path) throws TunException {
    int fd;
    try {
      fd = Libc.open(path.toString(), Libc.O_CLOEXEC);
    } catch (LastErrorException e) {
      throw new TunException(Reason.FAILED, "cannot open network namespace " + path + ": "
          + Libc.strerror(e.getErrorCode()));
    }
    try {
      Libc.setns(fd, Libc.CLONE_NEWNET);
    } catch (LastErrorException e) {
      int errno = e.getErrorCode();
      throw new TunException(errno == Libc.EPERM ? Reason.NO_PERMISSION : Reason.FAILED,
          "cannot enter network namespace " + namespace + ": " + Libc.strerror(errno)
              + (errno == Libc.EPERM ? " (needs CAP_SYS_ADMIN)" : ""));
    } finally {
      try {
        Libc.close(fd);
      } catch (LastErrorException e) {
        // the namespace stays entered; nothing else to release
      }
    }
  }
}
