package org.minitransport.benchmarks.tcp;

import io.jpower.kcp.netty.ChannelOptionHelper;
import io.jpower.kcp.netty.UkcpChannel;
import io.jpower.kcp.netty.UkcpChannelOption;
import io.jpower.kcp.netty.UkcpClientChannel;
import io.jpower.kcp.netty.UkcpServerChannel;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.UkcpServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * KCP through kcp-netty, the other reliable-over-UDP library a Java user would otherwise pick, in
 * the same rows as tcp-lite (issue 11 item 4): a server and a client channel on 127.0.0.1, each
 * side on its own one-thread Netty event loop (as tcp-lite's two hosts have a loop each).
 *
 * <p>Settings: KCP's "fast mode" as its authors recommend it ({@code nodelay=1, interval=10 ms,
 * resend=2, nc=1}: no congestion window, fast retransmit after two duplicate ACKs); the KCP MTU
 * (its whole UDP payload) equal to the row's MTU; 4 MiB socket buffers and windows of as many
 * segments as they hold, 32 to 2048 ({@link #windowSegments}: 2048 at MTU 1500, 64 at 65 000; the
 * default 32/128 segments caps bulk far below the link); stream mode for bulk (KCP's default message mode
 * limits a message to 127 fragments), message mode for request/response; Netty reads whole
 * 64 KiB datagrams (its default 2 KiB buffer cuts KCP's large segments short). Both ends run on the
 * Netty loops like tcp-lite's non-blocking rows; Netty's default write-buffer water marks pace the
 * bulk writer.
 */
final class KcpPeer implements AutoCloseable {

  /** Socket buffers each way, as tcp-lite's UDP network asks for (Linux caps at rmem_max). */
  private static final int SOCKET_BUFFER_BYTES = 4 << 20;
  private static final int CHUNK = 64 * 1024;
  /** Netty reads datagrams into 2 KiB buffers by default; KCP at MTU 65 000 needs the whole. */
  private static final int DATAGRAM_BYTES = 65_536;

  private final EventLoopGroup serverLoop = new NioEventLoopGroup(1);
  private final EventLoopGroup clientLoop = new NioEventLoopGroup(1);

  static KcpPeer start() {
    return new KcpPeer();
  }

  /** MB/s moved through one KCP stream in {@code duration}, reader side. */
  double bulkMegabytesPerSecond(int mtu, Duration duration) throws Exception {
    long[] received = new long[3]; // bytes, first arrival ns, last arrival ns; server loop only
    Channel server = bind(mtu, true, () -> new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf data = (ByteBuf) msg;
        long now = System.nanoTime();
        if (received[0] == 0) {
          received[1] = now;
        }
        received[0] += data.readableBytes();
        received[2] = now;
        data.release();
      }
    });
    long[] sent = new long[1];
    CompletableFuture<Long> writing = new CompletableFuture<>();
    // Every write sends a duplicate of one direct buffer; the unreleasable wrapper keeps KCP's
    // releases from freeing it, and the finally block below frees it once the run is over.
    ByteBuf backing = Unpooled.directBuffer(CHUNK).writeZero(CHUNK);
    ByteBuf chunk = Unpooled.unreleasableBuffer(backing);
    Channel client = connect(server, mtu, true, new ChannelInboundHandlerAdapter() {
      private long endNs;

      @Override
      public void channelActive(ChannelHandlerContext ctx) {
        endNs = System.nanoTime() + duration.toNanos();
        writeWhileWritable(ctx);
      }

      @Override
      public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        writeWhileWritable(ctx);
      }

      private void writeWhileWritable(ChannelHandlerContext ctx) {
        while (ctx.channel().isWritable() && !writing.isDone()) {
          if (System.nanoTime() >= endNs) {
            writing.complete(sent[0]);
            return;
          }
          ctx.writeAndFlush(chunk.duplicate());
          sent[0] += CHUNK;
        }
      }
    });
    try {
      long total = writing.get(duration.toMillis() + 30_000, TimeUnit.MILLISECONDS);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (serverLoop.submit(() -> received[0]).get() < total) {
        if (System.nanoTime() - deadline > 0) {
          throw new java.io.IOException("KCP bulk: not all of " + total + " bytes arrived");
        }
        serverLoop.schedule(() -> null, 1, TimeUnit.MILLISECONDS).get(); // KCP's 10 ms ticks
      }
      long[] result = serverLoop.submit(received::clone).get();
      return result[0] / ((result[2] - result[1]) / 1e9) / 1e6;
    } finally {
      client.close().sync();
      server.close().sync();
      backing.release();
    }
  }

  /**
   * {p50, p99} in ns of 64-byte request/response round trips, both applications on their Netty
   * loops: each reply's callback timestamps the round trip and sends the next request.
   */
  long[] pingPong(Duration duration) throws Exception {
    Channel server = bind(1500, false, () -> new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ctx.writeAndFlush(msg); // echo the message as it came
      }
    });
    CompletableFuture<long[]> result = new CompletableFuture<>();
    Channel client = connect(server, 1500, false, new ChannelInboundHandlerAdapter() {
      private final List<Long> samples = new ArrayList<>();
      private int received;
      private final long warmUpEndNs = System.nanoTime()
          + TcpLoopbackSideBySide.WARM_UP.toNanos();
      private boolean warmingUp = true;
      private long sentAtNs;
      private long endNs;

      @Override
      public void channelActive(ChannelHandlerContext ctx) {
        send(ctx);
      }

      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        received += ((ByteBuf) msg).readableBytes();
        ReferenceCountUtil.release(msg);
        if (received < 64) {
          return;
        }
        received = 0;
        long now = System.nanoTime();
        if (warmingUp) {
          if (now >= warmUpEndNs) {
            warmingUp = false;
            endNs = now + duration.toNanos();
          }
        } else {
          samples.add(now - sentAtNs);
          if (now >= endNs) {
            long[] sorted = samples.stream().mapToLong(Long::longValue).sorted().toArray();
            result.complete(new long[] {sorted[sorted.length / 2],
                sorted[(int) (sorted.length * 0.99)]});
            return;
          }
        }
        send(ctx);
      }

      private void send(ChannelHandlerContext ctx) {
        sentAtNs = System.nanoTime();
        ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[64]));
      }
    });
    try {
      return result.get(TcpLoopbackSideBySide.WARM_UP.plus(duration).toMillis() + 60_000,
          TimeUnit.MILLISECONDS);
    } finally {
      client.close().sync();
      server.close().sync();
    }
  }

  /**
   * KCP's windows in segments: what the socket buffer holds, 32 to 2048. Fast mode has no
   * congestion window, so a larger window overflows the receiving socket and KCP declares the link
   * dead (its retransmission limit) instead of slowing down.
   */
  static int windowSegments(int mtu) {
    return Math.max(32, Math.min(2048, SOCKET_BUFFER_BYTES / mtu));
  }

  private Channel bind(int mtu, boolean stream,
      Supplier<ChannelInboundHandlerAdapter> handlers) throws InterruptedException {
    UkcpServerBootstrap bootstrap = new UkcpServerBootstrap()
        .group(serverLoop)
        .channel(UkcpServerChannel.class)
        .childHandler(new ChannelInitializer<UkcpChannel>() {
          @Override
          protected void initChannel(UkcpChannel channel) {
            channel.pipeline().addLast(handlers.get());
          }
        })
        .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(DATAGRAM_BYTES))
        .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER_BYTES)
        .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER_BYTES);
    ChannelOptionHelper.nodelay(bootstrap, true, 10, 2, true)
        .childOption(UkcpChannelOption.UKCP_MTU, mtu)
        .childOption(UkcpChannelOption.UKCP_SND_WND, windowSegments(mtu))
        .childOption(UkcpChannelOption.UKCP_RCV_WND, windowSegments(mtu))
        .childOption(UkcpChannelOption.UKCP_STREAM, stream);
    return bootstrap.bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
  }

  private Channel connect(Channel server, int mtu, boolean stream,
      ChannelInboundHandlerAdapter handler) throws InterruptedException {
    Bootstrap bootstrap = new Bootstrap()
        .group(clientLoop)
        .channel(UkcpClientChannel.class)
        .handler(new ChannelInitializer<UkcpChannel>() {
          @Override
          protected void initChannel(UkcpChannel channel) {
            channel.pipeline().addLast(handler);
          }
        })
        .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(DATAGRAM_BYTES))
        .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER_BYTES)
        .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER_BYTES);
    ChannelOptionHelper.nodelay(bootstrap, true, 10, 2, true)
        .option(UkcpChannelOption.UKCP_MTU, mtu)
        .option(UkcpChannelOption.UKCP_SND_WND, windowSegments(mtu))
        .option(UkcpChannelOption.UKCP_RCV_WND, windowSegments(mtu))
        .option(UkcpChannelOption.UKCP_STREAM, stream);
    return bootstrap.connect(server.localAddress()).sync().channel();
  }

  @Override
  public void close() {
    clientLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    serverLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
