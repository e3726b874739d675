package dev.corral.gate.proxy;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.ThreadFactory;

/**
 * The I/O transport: Linux's native epoll when it loads, NIO otherwise. Immutable.
 *
 * @param name {@code "epoll"} or {@code "nio"}, for logs
 */
public record Transport(String name, IoHandlerFactory ioHandlerFactory, Class<? extends ServerChannel> serverChannel,
    Class<? extends SocketChannel> clientChannel) {

  /** epoll when available, else NIO. */
  public static Transport best() {
    if (Epoll.isAvailable()) {
      return new Transport("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class,
          EpollSocketChannel.class);
    }
    return nio();
  }

  /** The portable NIO transport. */
  public static Transport nio() {
    return new Transport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class, NioSocketChannel.class);
  }

  /** Whether {@code listen ... reuseport} can be honoured (epoll only). */
  public boolean supportsReusePort() {
    return name.equals("epoll");
  }

  /** A group of {@code threads} event loops (0 = one per core, as {@code worker_processes auto}). */
  public MultiThreadIoEventLoopGroup newGroup(int threads, ThreadFactory threadFactory) {
    int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    return new MultiThreadIoEventLoopGroup(n, threadFactory, ioHandlerFactory);
  }
}
