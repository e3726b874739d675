package dev.corral.pm.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Ports for cluster-mode instances: each launch gets a port of its own on 127.0.0.1, chosen by the kernel
 * (bind to port 0, read it, close). Another process could take the port between the close and the app's bind; the
 * app then fails to start and is restarted on a new port, as any crash is. Stateless.
 */
final class PortPlan {
  private PortPlan() {}

  /** A loopback port free now. */
  static int freeLoopbackPort() {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(false);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free loopback port: " + e.getMessage(), e);
    }
  }

  /** Whether {@code port} can be bound on every interface now (the gate of a cluster-mode app binds it so). */
  static boolean isFree(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
