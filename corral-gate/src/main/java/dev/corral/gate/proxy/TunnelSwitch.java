package dev.corral.gate.proxy;

import dev.corral.gate.http.GateResponseEncoder;
import dev.corral.gate.http.GateRequestDecoder;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.http.HttpRequestEncoder;

/**
 * Turns a client connection and an upstream connection into a byte tunnel after a {@code 101 Switching
 * Protocols}: the HTTP handlers leave both pipelines (bytes the codecs still held are relayed by the tunnel
 * handlers), and both read until either closes. Stateless.
 */
final class TunnelSwitch {
  private TunnelSwitch() {}

  /**
   * Replaces {@code frontend} in the client pipeline and {@code upstream} in the upstream pipeline by the tunnel.
   *
   * @param onClose run once when the tunnel closes
   */
  static void install(Channel client, ChannelHandler frontend, BackendHandler upstream, Runnable onClose) {
    Channel up = upstream.channel();
    TunnelHandler[] relays = TunnelHandler.pair(client, up, onClose);
    client.pipeline().replace(frontend, "tunnel", relays[0]);
    client.pipeline().remove(GateRequestDecoder.class);
    client.pipeline().remove(GateResponseEncoder.class);
    up.pipeline().replace(upstream, "tunnel", relays[1]);
    up.pipeline().remove(HttpRequestEncoder.class);
    up.pipeline().remove(UpstreamResponseDecoder.class);
    client.config().setAutoRead(true);
    up.config().setAutoRead(true);
    if (!client.isActive() || !up.isActive()) {
      client.close();
      up.close();
    }
  }
}
