package dev.corral.gate.proxy;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;

/**
 * The I/O transport. By default the best one that works here: Linux's io_uring, else epoll (both Netty's native
 * transports), else NIO. io_uring is preferred because it submits the reads and writes of a whole event-loop turn
 * in one system call where epoll makes one each; measured on the gate benchmark (docs/bench/gate.md) it takes about
 * a third less kernel time per proxied request. It is unavailable where the kernel is older than 5.9 or a seccomp
 * profile (Docker's default, for one) forbids it; then epoll is used. {@code events { use epoll; }} chooses epoll
 * explicitly (see {@link #named}). Immutable.
 *
 * @param name {@code "io_uring"}, {@code "epoll"} or {@code "nio"}, as {@code use} names them and logs show them
 */
public record Transport(String name, IoHandlerFactory ioHandlerFactory, Class<? extends ServerChannel> serverChannel,
    Class<? extends SocketChannel> clientChannel) {

  /** io_uring when available, else epoll, else NIO. */
  public static Transport best() {
    if (IoUring.isAvailable()) {
      return ioUring();
    }
    if (Epoll.isAvailable()) {
      return epoll();
    }
    return nio();
  }

  /**
   * The transport {@code events { use METHOD; }} asks for, or {@link #best()} without one.
   *
   * @throws GateStartException if the method is not available on this system (says why)
   */
  public static Transport forMethod(Optional<String> method) {
    return method.map(Transport::named).orElseGet(Transport::best);
  }

  /**
   * The transport named {@code io_uring} or {@code epoll}.
   *
   * @throws GateStartException if it is not available on this system (says why)
   * @throws IllegalArgumentException for another name (the configuration compiler refuses those first)
   */
  public static Transport named(String method) {
    return switch (method) {
      case "io_uring" -> requireAvailable(method, IoUring.unavailabilityCause(), Transport::ioUring);
      case "epoll" -> requireAvailable(method, Epoll.unavailabilityCause(), Transport::epoll);
      default -> throw new IllegalArgumentException("unknown event method " + method);
    };
  }

  /** The transport {@code make} builds if {@code unavailable} is null, else a start error that says why not. */
  private static Transport requireAvailable(String method, Throwable unavailable, Supplier<Transport> make) {
    if (unavailable != null) {
      throw new GateStartException("\"use " + method + "\" is not available here (" + unavailable.getMessage()
          + "); remove it to use the best available method", unavailable);
    }
    return make.get();
  }

  private static Transport ioUring() {
    return new Transport("io_uring", IoUringIoHandler.newFactory(), IoUringServerSocketChannel.class,
        IoUringSocketChannel.class);
  }

  private static Transport epoll() {
    return new Transport("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class,
        EpollSocketChannel.class);
  }

  /** The portable NIO transport. */
  public static Transport nio() {
    return new Transport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class, NioSocketChannel.class);
  }

  /** Whether {@code listen ... reuseport} can be honoured (the native transports). */
  public boolean supportsReusePort() {
    return !name.equals("nio");
  }

  /** A group of {@code threads} event loops (0 = one per core, as {@code worker_processes auto}). */
  public MultiThreadIoEventLoopGroup newGroup(int threads, ThreadFactory threadFactory) {
    int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    return new MultiThreadIoEventLoopGroup(n, threadFactory, ioHandlerFactory);
  }
}
