package org.minitransport.core.driver;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.minitransport.core.net.NetworkAttachment;
import org.minitransport.core.net.PacketNetwork;
import org.minitransport.core.net.PolledAttachment;
import org.minitransport.core.stack.Host;
import org.minitransport.core.stack.HostConfig;
import org.minitransport.core.time.NanoClock;

/**
 * The real-time driver: one thread that owns one or more {@link Host}s and is the only thread
 * that ever touches them. Packets from the network (any thread) and application commands (any
 * thread, through {@link #execute} or {@link #submit}) are queued; the loop drains both queues in
 * batches, fires due timers, sends what the hosts queued, and parks until the next deadline or
 * the next arrival. An idle loop is parked: it uses no CPU.
 *
 * <p>Works over any {@link PacketNetwork}: the simulated network in real-time mode or the UDP
 * network. Where the network allows it ({@link PacketNetwork#attachPolled}, the UDP network), the
 * loop reads its hosts' sockets itself: it then waits in a selector instead of parking, and no
 * receive thread or hand-off sits between the socket and the host.
 *
 * <p><b>Commands that wait run on the caller's thread when the loop is idle.</b> The hosts are
 * guarded by one lock, which the loop holds except while it waits for the next deadline or
 * arrival. {@link #call} takes that lock if it is free (or frees up within {@link #CALL_SPIN_NS})
 * and nothing is queued before it, runs the command on the calling thread, sends what the hosts
 * queued and wakes the loop only if a timer now falls due before the loop planned to wake: a
 * blocking socket's small write or read then costs no hand-off to the loop and back. Otherwise
 * the command is queued for the loop thread. Either way one thread at a time touches the hosts,
 * and the lock orders what they do. Code the
 * command calls back (a socket's event hook) runs on the caller's thread then, and {@link
 * #inEventLoop} is true there, so a nested {@link #call} runs at once instead of waiting for
 * itself. Sends from the caller's thread are safe against interrupts because the UDP network's
 * channels are non-blocking (an interrupt closes only a blocking NIO channel).
 *
 * <p><b>Busy polling.</b> A thread about to wait for an arrival (a blocking socket's read, while
 * it spins before parking) may call {@link #pollArrivals}: if the loop is idle, the caller reads
 * the hosts' sockets itself, under the same lock, and the arrival it waits for reaches it without
 * the loop's wake-up on the way. The loop's selector still reports the socket readable; whichever
 * thread takes the lock first reads the datagrams, the other finds none.
 *
 * <p><b>A caller that waits for an arrival waits on the sockets itself.</b> A thread that would
 * otherwise park until an arrival changes something for it (a blocking socket's small read) may
 * call {@link #awaitArrivals}: it then waits in a selector of its own on the hosts' sockets (or,
 * where a network's own thread hands the packets over, for that thread to wake it instead of the
 * loop), reads what arrives under the host lock and hands it to the hosts, as a thread blocked in
 * a kernel socket's {@code recv} is woken by the datagram itself. Meanwhile the loop stands aside:
 * it stops watching the sockets (its own selector no longer asks for {@code OP_READ}) and wakes
 * only for commands and timers, so an arrival wakes one thread, the one waiting for it, instead of
 * the loop and then the waiter. One caller at a time waits so. The loop takes the sockets back {@link
 * #LEASE_NS} after the last such wait ended (a request/response client is back within
 * microseconds and keeps them), or at once after a wait that lasted longer than that; until then
 * an arrival for no waiting caller waits at most that long. On by default ({@link
 * #setCallerWaits}, system property {@code minitransport.loop.callerWaits}).
 */
public final class EventLoop implements HostExecutor, AutoCloseable {

  private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());

  /**
   * How long {@link #call} waits for a busy loop to let go of the hosts before it hands the command
   * over instead (system property {@code minitransport.loop.callSpinNs}; 0: never waits).
   */
  static final long CALL_SPIN_NS = Long.getLong("minitransport.loop.callSpinNs", 20_000);

  /**
   * Whether new loops allow {@link #pollArrivals} (system property {@code
   * minitransport.loop.busyPoll}; false by default, as Linux's {@code net.core.busy_read} is 0).
   */
  static final boolean BUSY_POLL_DEFAULT = Boolean.getBoolean("minitransport.loop.busyPoll");

  /**
   * Whether new loops let callers wait on the hosts' sockets themselves ({@link #awaitArrivals};
   * system property {@code minitransport.loop.callerWaits}, true by default).
   */
  static final boolean CALLER_WAITS_DEFAULT =
      Boolean.parseBoolean(System.getProperty("minitransport.loop.callerWaits", "true"));

  /**
   * How long the loop leaves the sockets to callers after the last {@link #awaitArrivals} wait
   * ended, if it was a short one (system property {@code minitransport.loop.leaseNs}, 1 ms): long
   * enough for a request/response client to write its next request and wait again, short enough
   * that an arrival nobody waits for is not held up for long. While callers keep coming back the
   * loop wakes once per lease to look, and for nothing else but commands and timers due sooner
   * (0.04 wake-ups per round trip of a 64-byte request/response; docs/performance.md, "the
   * socket path").
   */
  static final long LEASE_NS = Long.getLong("minitransport.loop.leaseNs", 1_000_000);

  private final NanoClock clock;
  private final Thread thread;
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Arrival> arrivals = new ConcurrentLinkedQueue<>();
  private final List<LoopHost> hosts = new ArrayList<>();
  private final AtomicLong failures = new AtomicLong();
  private final java.util.concurrent.atomic.AtomicReference<Throwable> firstFailure =
      new java.util.concurrent.atomic.AtomicReference<>();
  private volatile boolean sleeping;
  private volatile boolean shuttingDown;
  /** Held by whichever thread is running the hosts: the loop, or a caller of {@link #call}. */
  private final ReentrantLock hostLock = new ReentrantLock();
  /** When the waiting loop will wake by itself ({@code Long.MAX_VALUE}: only for an arrival). */
  private volatile long plannedWakeNs = Long.MAX_VALUE;
  /** Times the loop came back from waiting; written only by the loop thread. */
  private volatile long wakeUps;
  private volatile boolean busyPolling = BUSY_POLL_DEFAULT;
  /** Packets handed to hosts so far; written only by the thread holding {@link #hostLock}. */
  private long packetsDelivered;
  private final AtomicLong packetsPolledByCallers = new AtomicLong();
  private volatile boolean callerWaits = CALLER_WAITS_DEFAULT;
  /** The caller waiting on the sockets in {@link #awaitArrivals}, or null. */
  private final java.util.concurrent.atomic.AtomicReference<Thread> arrivalWaiter =
      new java.util.concurrent.atomic.AtomicReference<>();
  /** When the current arrival waiter began to wait ({@link System#nanoTime()}). */
  private volatile long arrivalWaitStartNs;
  /** When the last short arrival wait ended; the loop stands aside until {@link #LEASE_NS} later. */
  private volatile long arrivalWaitEndNs = System.nanoTime() - 2 * LEASE_NS;
  /** The waiters' selector: the hosts' sockets again, opened with the loop's own; or null. */
  private volatile Selector waitersSelector;
  /** Whether some host's packets come through {@link #arrivals} (a network's own thread). */
  private volatile boolean queuedArrivals;
  /** Loop thread: whether its selector has stopped asking for the sockets' {@code OP_READ}. */
  private boolean standingAside;

  private static final class LoopHost {
    Host host;
    NetworkAttachment attachment;
    /** The attachment again if this loop reads it ({@link PacketNetwork#attachPolled}), or null. */
    PolledAttachment polled;
  }

  private record Arrival(LoopHost target, byte[] packet) {}

  /**
   * Open once a host's network lets the loop read its packets itself ({@link
   * PacketNetwork#attachPolled}); the loop then waits in {@code select} instead of parking.
   */
  private volatile Selector selector;

  /**
   * Starts the loop's thread.
   *
   * @param name the thread's name, e.g. "host-10.0.0.1"
   * @param clock where "now" comes from; {@link NanoClock#system()} for real time
   */
  public EventLoop(String name, NanoClock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.thread = new Thread(this::run, name);
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** A loop on the system clock. */
  public static EventLoop start(String name) {
    return new EventLoop(name, NanoClock.system());
  }

  /**
   * Creates a host on this loop and attaches it to {@code network}. Blocks until done. The
   * host's MTU is the smaller of the configured one and the attachment's.
   *
   * @throws IOException if the network cannot attach the address (e.g. its UDP port is in use)
   */
  public Host addHost(PacketNetwork network, HostConfig config) throws IOException {
    LoopHost entry = new LoopHost();
    // Where the network allows it, this loop reads the host's packets itself (no receive thread,
    // no hand-off): the receiver then runs on this thread, inside receiveWaiting().
    PolledAttachment polled = network.attachPolled(config.address(), packet -> {
      Host host = entry.host;
      if (host != null) {
        deliver(host, packet);
      }
    });
    NetworkAttachment attachment = polled != null ? polled
        : network.attach(config.address(), packet -> {
          arrivals.add(new Arrival(entry, packet));
          // A caller waiting for arrivals takes it; else the loop. The waiter, leaving, looks at
          // the queue after it has gone, so a packet queued meanwhile is not left behind.
          Thread waiter = arrivalWaiter.get();
          if (waiter != null) {
            wakeWaiter(waiter);
          } else {
            wakeUp();
          }
        });
    if (polled == null) {
      queuedArrivals = true;
    }
    try {
      return submit(() -> {
        entry.attachment = attachment;
        entry.polled = polled;
        entry.host = new Host(config.withMtu(Math.min(config.mtu(), attachment.mtu())));
        if (polled != null) {
          polled.channel().register(selector(), SelectionKey.OP_READ, polled);
          if (waitersSelector == null) {
            waitersSelector = Selector.open();
          }
          polled.channel().register(waitersSelector, SelectionKey.OP_READ, polled);
        }
        hosts.add(entry);
        return entry.host;
      }).get();
    } catch (Exception e) {
      attachment.close();
      throw new IOException("could not start host " + config.address() + ": " + e.getMessage(), e);
    }
  }

  /** Loop thread: the selector, opened on first use. */
  private Selector selector() throws IOException {
    if (selector == null) {
      selector = Selector.open();
    }
    return selector;
  }

  /** The current time on this loop's clock. */
  @Override
  public long nowNs() {
    return clock.nanoTime();
  }

  /**
   * Whether the caller is this loop's thread, or a thread running a command for it ({@link
   * #call}), which must not wait for the loop either.
   */
  public boolean inEventLoop() {
    return Thread.currentThread() == thread || hostLock.isHeldByCurrentThread();
  }

  @Override
  public boolean inHostThread() {
    return inEventLoop();
  }

  /**
   * Runs {@code task} on the hosts' thread and returns its result: on the calling thread if the
   * loop is idle and no queued command comes first (see the class comment), else on the loop
   * thread while the caller waits.
   */
  @Override
  public <T> T call(Callable<T> task) throws Exception {
    if (inEventLoop()) {
      return task.call();
    }
    if (!shuttingDown && tryLockBriefly()) {
      try {
        // Queued commands come first (a thread's earlier execute, say): then queue this one too.
        // So does a loop that woke and waits for the lock (callers only try it, never wait): it
        // has arrivals or timers to handle, and a stream of callers must not starve it.
        if (!shuttingDown && tasks.isEmpty() && !hostLock.hasQueuedThreads()) {
          try {
            return task.call();
          } finally {
            afterCallOnCallersThread();
          }
        }
      } finally {
        hostLock.unlock();
      }
    }
    try {
      return submit(task).get();
    } catch (ExecutionException e) {
      throw HostExecutor.unwrap(e);
    }
  }

  /**
   * Reads every datagram waiting on the hosts' own sockets on the calling thread (a non-blocking
   * receive per socket), hands each to its host, and sends what the hosts queued — if the loop is
   * idle: the hosts' lock free, no command queued and the loop not waiting for the lock. Packets
   * that another network's receive thread queued for the loop are handled too. See the class
   * comment.
   *
   * @return false, doing nothing, unless busy polling is on ({@link #setBusyPolling}); on the
   *     loop's own thread or inside a {@link #call}; once the loop is closing; or when the loop is
   *     busy. True when it polled, whether or not a packet was waiting
   */
  @Override
  public boolean pollArrivals() {
    if (!busyPolling || shuttingDown || inEventLoop() || !tasks.isEmpty()
        || !hostLock.tryLock()) {
      return false;
    }
    try {
      if (shuttingDown || !tasks.isEmpty() || hostLock.hasQueuedThreads()) {
        return false; // a command or the woken loop comes first
      }
      handleArrivalsOnCallersThread(null);
      return true;
    } finally {
      hostLock.unlock();
    }
  }

  /**
   * Waits on the calling thread until {@code done} is true, handling the hosts' arrivals itself
   * while it waits (see the class comment): it waits in its own selector on the hosts' sockets,
   * and whatever arrives it reads, hands to the hosts and answers (sending what they queued) under
   * the host lock, as the loop would. The wait also ends at {@code deadlineNs}, when the thread is
   * interrupted (its flag stays set), when another thread calls {@link #wakeArrivalWaiter}, or
   * when the loop closes; the caller looks at what it waits for and, if need be, calls again.
   *
   * @param done checked before each wait and after each arrival, on the calling thread; true
   *     ends the wait
   * @param deadlineNs a {@link System#nanoTime()} deadline, or 0 for none
   * @return false at once, having done nothing, if the caller cannot wait so: caller waits are
   *     off ({@link #setCallerWaits}), busy polling is on ({@link #setBusyPolling}: the caller
   *     spins and polls instead), another caller is waiting on the sockets already, the
   *     hosts have no sockets of this loop's own ({@link PacketNetwork#attachPolled}), the loop is
   *     closing, or the caller is the loop's thread or inside a {@link #call}; the caller then
   *     waits its usual way. True once it has waited
   */
  @Override
  public boolean awaitArrivals(java.util.function.BooleanSupplier done, long deadlineNs) {
    Selector waiting = waitersSelector;
    if (!callerWaits || busyPolling || (waiting == null && !queuedArrivals) || shuttingDown
        || inEventLoop()) {
      return false;
    }
    Thread me = Thread.currentThread();
    if (!arrivalWaiter.compareAndSet(null, me)) {
      return false;
    }
    long startNs = System.nanoTime();
    arrivalWaitStartNs = startNs;
    boolean closed = false;
    try {
      // done() is read after this thread became the waiter: a change made after that read wakes
      // the selector (wakeArrivalWaiter), one made before it is seen by it.
      while (!done.getAsBoolean() && !shuttingDown && !me.isInterrupted()) {
        if (!arrivals.isEmpty()) {
          handleArrivalsForWaiter(Set.of()); // queued by a network's thread, which woke this one
          continue;
        }
        long leftNs = 0; // no limit
        if (deadlineNs != 0) {
          leftNs = deadlineNs - System.nanoTime();
          if (leftNs <= 0) {
            break;
          }
        }
        if (waiting != null) {
          int ready = waiting.select(leftNs == 0 ? 0 : Math.max(1, (leftNs + 999_999) / 1_000_000));
          if (ready > 0) {
            handleArrivalsForWaiter(waiting.selectedKeys());
          }
          waiting.selectedKeys().clear();
        } else if (leftNs == 0) {
          LockSupport.park(this);
        } else {
          LockSupport.parkNanos(this, leftNs);
        }
      }
      return true;
    } catch (IOException | java.nio.channels.ClosedSelectorException e) {
      closed = true; // the loop closed the selector on its way out
      return false;
    } finally {
      long endNs = System.nanoTime();
      boolean longWait = endNs - startNs >= LEASE_NS;
      if (!longWait) {
        arrivalWaitEndNs = endNs; // before the waiter goes: the loop reads them the other way round
      }
      arrivalWaiter.set(null);
      if (!arrivals.isEmpty()) {
        wakeUp(); // queued for this waiter as it left: the loop takes it
      }
      if (longWait && !closed) {
        // The loop may be asleep without a timeout, trusting this waiter: take the sockets back.
        Selector loopSelector = selector;
        if (loopSelector != null) {
          loopSelector.wakeup();
        }
      }
    }
  }

  /**
   * Ends the wait of a caller in {@link #awaitArrivals} (not the calling thread's own), so it
   * looks again at what it waits for: for a change made on another thread (a timer on the loop, a
   * close on an application thread). Any thread; does nothing if no other caller waits.
   */
  @Override
  public void wakeArrivalWaiter() {
    Thread waiter = arrivalWaiter.get();
    if (waiter != null && waiter != Thread.currentThread()) {
      wakeWaiter(waiter);
    }
  }

  /** Wakes {@code waiter} from its wait in {@link #awaitArrivals}, in a selector or parked. */
  private void wakeWaiter(Thread waiter) {
    wake(waitersSelector, waiter);
  }

  /** Wakes a thread waiting in {@code selector} if it waits in one (not null), else parked. */
  private static void wake(Selector selector, Thread parked) {
    if (selector != null) {
      selector.wakeup();
    } else {
      LockSupport.unpark(parked);
    }
  }

  /**
   * A caller in {@link #awaitArrivals}: reads the sockets its selector reported readable, and the
   * arrivals queue, and hands the packets on, as the loop would.
   */
  private void handleArrivalsForWaiter(Set<SelectionKey> readyKeys) {
    hostLock.lock(); // the loop or a command lets go within microseconds
    try {
      if (!shuttingDown) {
        handleArrivalsOnCallersThread(readyKeys);
      }
    } finally {
      hostLock.unlock();
    }
  }

  /**
   * A caller holding the host lock ({@link #pollArrivals}, {@link #awaitArrivals}): reads the
   * hosts' sockets and the arrivals queue, hands the packets to the hosts and, if any came, sends
   * what they queued and wakes the loop for a timer due sooner than it planned.
   *
   * @param readyKeys the sockets a selector just reported readable, or null to read every host's
   *     socket (a poll, which knows of no readiness)
   */
  private void handleArrivalsOnCallersThread(Set<SelectionKey> readyKeys) {
    long deliveredBefore = packetsDelivered;
    if (readyKeys == null) {
      for (LoopHost entry : hosts) {
        if (entry.polled != null) {
          entry.polled.receiveWaiting();
        }
      }
    } else {
      receiveReady(readyKeys);
    }
    processArrivals();
    long delivered = packetsDelivered - deliveredBefore;
    if (delivered > 0) { // else no host was touched: nothing to send, no timer moved
      packetsPolledByCallers.addAndGet(delivered);
      afterCallOnCallersThread();
    }
  }

  /**
   * Lets callers wait on the hosts' sockets themselves ({@link #awaitArrivals}) or not; on by
   * default (system property {@code minitransport.loop.callerWaits}). On, a blocking socket's small
   * read waits in a selector on the host's socket, as a thread blocked in a kernel socket does, and
   * the loop stands aside: a 64-byte request/response p50 of 17.9–18.0 µs beside a process burning
   * a core, against 33 µs with the reader parked until the loop wakes it (docs/performance.md,
   * "the socket path"). Any thread; a caller waiting now finishes its wait.
   */
  public void setCallerWaits(boolean on) {
    callerWaits = on;
  }

  /** Whether a caller waits in {@link #awaitArrivals} now; for diagnostics and tests. */
  public boolean callerWaitingForArrivals() {
    return arrivalWaiter.get() != null;
  }

  /** Whether callers may wait on the hosts' sockets ({@link #awaitArrivals}). */
  public boolean callerWaits() {
    return callerWaits;
  }

  /**
   * Turns busy polling ({@link #pollArrivals}) on or off; off by default (system property {@code
   * minitransport.loop.busyPoll}). On, a blocking socket's small read polls while it spins: on a
   * quiet 2-core machine a 64-byte request/response p50 of 11.1–11.5 µs against 30–37 µs off,
   * but 41 µs against 33 µs beside a process burning a core, where the polling threads and the
   * loops they wake for nothing compete for the cores (docs/performance.md, "the socket path").
   * Any thread.
   */
  public void setBusyPolling(boolean on) {
    busyPolling = on;
  }

  /** Whether {@link #pollArrivals} may poll. */
  public boolean busyPolling() {
    return busyPolling;
  }

  /**
   * Packets that callers of {@link #pollArrivals} or {@link #awaitArrivals} handed to the hosts,
   * rather than the loop.
   */
  public long packetsPolledByCallers() {
    return packetsPolledByCallers.get();
  }

  /** Runs {@code task} on the loop thread (at once if called there) and waits for its result. */
  @Override
  public <T> T callOnHostThread(Callable<T> task) throws Exception {
    if (inEventLoop()) {
      return task.call();
    }
    try {
      return submit(task).get();
    } catch (ExecutionException e) {
      throw HostExecutor.unwrap(e);
    }
  }

  /**
   * Takes the host lock if it is free, or frees up within {@link #CALL_SPIN_NS} while no command
   * is queued: a loop that just handled an arrival lets go of it within microseconds, when it
   * goes back to wait, and a caller that catches that moment is spared a hand-off to the loop and
   * a wake-up back. Spinning yields the core after a few rounds, so the loop is not kept from
   * running on a busy machine.
   */
  private boolean tryLockBriefly() {
    if (hostLock.tryLock()) {
      return true;
    }
    long endNs = System.nanoTime() + CALL_SPIN_NS;
    for (int spins = 0; tasks.isEmpty() && !shuttingDown; spins++) {
      if (System.nanoTime() - endNs >= 0) {
        return false;
      }
      if (spins < 64) {
        Thread.onSpinWait();
      } else {
        Thread.yield();
      }
      if (!hostLock.isLocked() && hostLock.tryLock()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Runs {@code task} on the loop thread, after which the loop sends whatever the hosts queued.
   *
   * @throws RejectedExecutionException if the loop has been closed
   */
  @Override
  public void execute(Runnable task) {
    Objects.requireNonNull(task, "task");
    if (shuttingDown) {
      throw new RejectedExecutionException("event loop " + thread.getName() + " is closed");
    }
    tasks.add(task);
    // close() may have begun after the check above and the loop may already have run its last
    // tasks: take the task back and refuse it rather than leave it (and a submit's future)
    // pending forever. If it cannot be taken back, the loop has it.
    if (shuttingDown && tasks.remove(task)) {
      throw new RejectedExecutionException("event loop " + thread.getName() + " is closed");
    }
    wakeUp();
  }

  /** Runs {@code task} on the loop thread and completes the future with its result or failure. */
  public <T> CompletableFuture<T> submit(Callable<T> task) {
    CompletableFuture<T> future = new CompletableFuture<>();
    execute(() -> {
      try {
        future.complete(task.call());
      } catch (Exception | Error e) {
        future.completeExceptionally(e);
      }
    });
    return future;
  }

  /** Times the loop has come back from waiting, whatever woke it; for tests. */
  long wakeUps() {
    return wakeUps;
  }

  /** Unexpected exceptions thrown by engine code on this loop (a bug if non-zero). */
  public long failures() {
    return failures.get();
  }

  /**
   * The first unexpected exception engine code threw on this loop, if any: what a test or a
   * grader reports instead of waiting for a connection that will never make progress (a student's
   * component that throws, say).
   */
  public java.util.Optional<Throwable> firstFailure() {
    return java.util.Optional.ofNullable(firstFailure.get());
  }

  private void recordFailure(Throwable e) {
    failures.incrementAndGet();
    firstFailure.compareAndSet(null, e);
  }

  /** The loop's thread, for diagnostics and leak checks. */
  public Thread thread() {
    return thread;
  }

  /**
   * Closes every host (its handlers release their ports and fail pending operations), detaches
   * them, and stops and joins the thread. Idempotent; safe from any thread but the loop's own.
   */
  @Override
  public void close() {
    if (inEventLoop()) {
      throw new IllegalStateException("close() would wait for itself when called on the loop thread");
    }
    if (!shuttingDown) {
      try {
        submit(() -> {
          long now = clock.nanoTime();
          for (LoopHost entry : hosts) {
            entry.host.close(now);
          }
          flush();
          return null;
        }).get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.log(System.Logger.Level.WARNING, "closing hosts on " + thread.getName() + " failed", e);
      }
      shuttingDown = true;
      wakeUp();
      Thread waiter = arrivalWaiter.get();
      if (waiter != null) {
        LockSupport.unpark(waiter); // a caller parked for queued arrivals; a selector is closed
      }
    }
    // Join, not just await the latch: the thread counts it down before it has finished, and
    // callers (leak checks) rely on the thread being gone when close() returns.
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
  }

  /** Caller's thread, holding the lock: send what the command queued; wake the loop if due. */
  private void afterCallOnCallersThread() {
    flush();
    long next = Long.MAX_VALUE;
    for (LoopHost entry : hosts) {
      next = Math.min(next, entry.host.pollTimeoutNs());
    }
    if (next < plannedWakeNs) {
      plannedWakeNs = next;
      wake(selector, thread);
    }
  }

  private void wakeUp() {
    if (sleeping) {
      wake(selector, thread);
    }
  }

  private void run() {
    hostLock.lock();
    try {
      while (!shuttingDown) {
        runTasks();
        processArrivals();
        fireTimers();
        flush();
        parkUntilNextDeadline();
      }
      runTasks();
    } finally {
      for (LoopHost entry : hosts) {
        if (entry.attachment != null) {
          entry.attachment.close();
        }
      }
      if (waitersSelector != null) {
        try {
          waitersSelector.close(); // a caller waiting in it returns
        } catch (IOException e) {
          LOG.log(System.Logger.Level.DEBUG, "closing the waiters' selector failed", e);
        }
      }
      if (selector != null) {
        try {
          selector.close();
        } catch (IOException e) {
          LOG.log(System.Logger.Level.DEBUG, "closing the selector failed", e);
        }
      }
      hostLock.unlock();
    }
  }

  private void runTasks() {
    for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        recordFailure(e);
        LOG.log(System.Logger.Level.ERROR, "task failed on " + thread.getName(), e);
      }
    }
  }

  // Every input reads the clock afresh rather than sharing one reading per batch: code called back
  // from an input (a socket layer's event hook) may read nowNs() and hand that to the engine, and
  // the next input of the batch must not then arrive with an earlier time.
  private void processArrivals() {
    for (Arrival arrival = arrivals.poll(); arrival != null; arrival = arrivals.poll()) {
      Host host = arrival.target.host;
      if (host == null) {
        continue; // arrived before the host finished starting; the network may drop this too
      }
      deliver(host, arrival.packet);
    }
  }

  /** Holding the host lock (the loop, or a caller of {@link #pollArrivals}): one packet in. */
  private void deliver(Host host, byte[] packet) {
    packetsDelivered++;
    try {
      host.handlePacket(clock.nanoTime(), packet);
    } catch (RuntimeException e) {
      recordFailure(e);
      LOG.log(System.Logger.Level.ERROR, "host " + host.address() + " failed on a packet", e);
    }
  }

  private void fireTimers() {
    for (LoopHost entry : hosts) {
      long now = clock.nanoTime();
      if (entry.host.pollTimeoutNs() <= now) {
        try {
          entry.host.handleTimeout(now);
        } catch (RuntimeException e) {
          recordFailure(e);
          LOG.log(System.Logger.Level.ERROR, "host " + entry.host.address() + " timer failed", e);
        }
      }
    }
  }

  private void flush() {
    for (LoopHost entry : hosts) {
      for (byte[] packet = entry.host.pollTransmit(); packet != null;
          packet = entry.host.pollTransmit()) {
        entry.attachment.send(packet, 0, packet.length);
      }
    }
  }

  /**
   * Holding the host lock: reads the sockets a selector reported readable. Every selector here is
   * level-triggered, so a socket a read left packets on is reported again by the next selection.
   */
  private static void receiveReady(Set<SelectionKey> readyKeys) {
    for (SelectionKey key : readyKeys) {
      if (key.isValid()) {
        ((PolledAttachment) key.attachment()).receiveReady();
      }
    }
  }

  /**
   * Waits in the selector up to {@code waitNs} (rounded up to whole milliseconds, the selector's
   * unit), then reads every readable host socket on this thread.
   */
  private void selectAndReceive(long waitNs) {
    try {
      if (waitNs <= 0) {
        selector.selectNow();
      } else {
        hostLock.unlock(); // callers may run commands on their own threads meanwhile
        try {
          if (waitNs == Long.MAX_VALUE) {
            selector.select();
          } else {
            selector.select(Math.max(1, (waitNs + 999_999) / 1_000_000));
          }
        } finally {
          hostLock.lock();
        }
      }
      sleeping = false;
      receiveReady(selector.selectedKeys());
      selector.selectedKeys().clear();
    } catch (IOException | RuntimeException e) {
      recordFailure(e);
      LOG.log(System.Logger.Level.ERROR, "selecting on " + thread.getName() + " failed", e);
    }
  }

  /**
   * Loop thread, before it waits: stops or starts watching the sockets for {@code OP_READ}
   * depending on whether a caller waits on them ({@link #awaitArrivals}), and shortens the wait so
   * that the loop takes them back in time.
   *
   * @return how long to wait at most
   */
  private long standAsideForArrivalWaiter(long waitNs) {
    long now = System.nanoTime();
    boolean aside;
    long wait = waitNs;
    if (arrivalWaiter.get() != null) {
      aside = true;
      long waitedNs = now - arrivalWaitStartNs;
      if (waitedNs < LEASE_NS) {
        // A short wait ends without waking the loop: look again once the lease could be over.
        wait = Math.min(wait, LEASE_NS);
      }
    } else {
      long sinceEndNs = now - arrivalWaitEndNs;
      aside = sinceEndNs < LEASE_NS;
      if (aside) {
        wait = Math.min(wait, LEASE_NS - sinceEndNs);
      }
    }
    if (aside != standingAside) {
      standingAside = aside;
      for (SelectionKey key : selector.keys()) {
        if (key.isValid()) {
          key.interestOps(aside ? 0 : SelectionKey.OP_READ);
        }
      }
    }
    return wait;
  }

  private void parkUntilNextDeadline() {
    long next = Long.MAX_VALUE;
    for (LoopHost entry : hosts) {
      next = Math.min(next, entry.host.pollTimeoutNs());
    }
    plannedWakeNs = next;
    sleeping = true;
    try {
      // Re-check after announcing sleep: a producer that saw sleeping == false did not unpark,
      // but its item is already queued and is seen here.
      if (!tasks.isEmpty() || !arrivals.isEmpty() || shuttingDown) {
        if (selector != null && !shuttingDown) {
          selectAndReceive(0); // a busy loop still reads its sockets every round
        }
        return;
      }
      long waitNs = next == Long.MAX_VALUE ? Long.MAX_VALUE : next - clock.nanoTime();
      if (selector != null) {
        waitNs = standAsideForArrivalWaiter(waitNs);
        if (waitNs != Long.MAX_VALUE) {
          // Standing aside, the loop wakes within the lease to look, whatever the hosts' timers:
          // a timer a caller arms for later than that needs no wake-up (it would cost the caller
          // a hand-off too, as the woken loop takes the hosts' lock). Lowered only, after the
          // loop announced its sleep: a caller that read the old value merely wakes it needlessly.
          plannedWakeNs = Math.min(next, clock.nanoTime() + waitNs);
        }
        selectAndReceive(waitNs);
      } else if (waitNs > 0) {
        hostLock.unlock(); // callers may run commands on their own threads meanwhile
        try {
          if (waitNs == Long.MAX_VALUE) {
            LockSupport.park(this);
          } else {
            LockSupport.parkNanos(this, waitNs);
          }
        } finally {
          hostLock.lock();
        }
      }
    } finally {
      sleeping = false;
      plannedWakeNs = Long.MIN_VALUE; // awake: callers need not wake it
      wakeUps++; // the loop's thread is the only writer
    }
  }
}
