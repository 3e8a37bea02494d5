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
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * KCP through kcp-netty, the other reliable-over-UDP library a Java user would otherwise pick, in
 * the same rows as tcp-lite (issue 11 item 4): a server and a client channel on 127.0.0.1, each
 * side on its own one-thread Netty event loop (as tcp-lite's two hosts have a loop each).
 *
 * <p>Settings: KCP's "fast mode" as its authors recommend it ({@code nodelay=1, interval=10 ms,
 * resend=2, nc=1}: no congestion window, fast retransmit after two duplicate ACKs); the KCP MTU
 * (its whole UDP payload) equal to the row's MTU; windows of 2048 segments each way (the default
 * 32/128 segments caps bulk far below the link); stream mode for bulk (KCP's default message mode
 * limits a message to 127 fragments), message mode for request/response. Both ends run on the
 * Netty loops like tcp-lite's non-blocking rows; Netty's default write-buffer water marks pace the
 * bulk writer.
 */
final class KcpPeer implements AutoCloseable {

  private static final int WINDOW_SEGMENTS = 2048;
  private static final int CHUNK = 64 * 1024;

  private final EventLoopGroup serverLoop = new NioEventLoopGroup(1);
  private final EventLoopGroup clientLoop = new NioEventLoopGroup(1);

  static KcpPeer start() {
    return new KcpPeer();
  }

  /** MB/s moved through one KCP stream in {@code duration}, reader side. */
  double bulkMegabytesPerSecond(int mtu, Duration duration) throws Exception {
    long[] received = new long[3]; // bytes, first arrival ns, last arrival ns; server loop only
    Channel server = bind(mtu, true, new ChannelInboundHandlerAdapter() {
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
    ByteBuf chunk = Unpooled.unreleasableBuffer(Unpooled.directBuffer(CHUNK).writeZero(CHUNK));
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
    }
  }

  /**
   * {p50, p99} in ns of 64-byte request/response round trips, both applications on their Netty
   * loops: each reply's callback timestamps the round trip and sends the next request.
   */
  long[] pingPong(Duration duration) throws Exception {
    Channel server = bind(1500, false, new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ctx.writeAndFlush(msg); // echo the message as it came
      }
    });
    CompletableFuture<long[]> result = new CompletableFuture<>();
    Channel client = connect(server, 1500, false, new ChannelInboundHandlerAdapter() {
      private final List<Long> samples = new ArrayList<>();
      private int received;
      private int warmUp = 2_000;
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
        if (warmUp > 0) {
          if (--warmUp == 0) {
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
      return result.get(duration.toMillis() + 60_000, TimeUnit.MILLISECONDS);
    } finally {
      client.close().sync();
      server.close().sync();
    }
  }

  private Channel bind(int mtu, boolean stream, ChannelInboundHandlerAdapter handler)
      throws InterruptedException {
    UkcpServerBootstrap bootstrap = new UkcpServerBootstrap()
        .group(serverLoop)
        .channel(UkcpServerChannel.class)
        .childHandler(new ChannelInitializer<UkcpChannel>() {
          @Override
          protected void initChannel(UkcpChannel channel) {
            channel.pipeline().addLast(handler);
          }
        });
    ChannelOptionHelper.nodelay(bootstrap, true, 10, 2, true)
        .childOption(UkcpChannelOption.UKCP_MTU, mtu)
        .childOption(UkcpChannelOption.UKCP_SND_WND, WINDOW_SEGMENTS)
        .childOption(UkcpChannelOption.UKCP_RCV_WND, WINDOW_SEGMENTS)
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
        });
    ChannelOptionHelper.nodelay(bootstrap, true, 10, 2, true)
        .option(UkcpChannelOption.UKCP_MTU, mtu)
        .option(UkcpChannelOption.UKCP_SND_WND, WINDOW_SEGMENTS)
        .option(UkcpChannelOption.UKCP_RCV_WND, WINDOW_SEGMENTS)
        .option(UkcpChannelOption.UKCP_STREAM, stream);
    return bootstrap.connect(server.localAddress()).sync().channel();
  }

  @Override
  public void close() {
    clientLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    serverLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
