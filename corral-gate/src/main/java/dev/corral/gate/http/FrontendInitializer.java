package dev.corral.gate.http;

import dev.corral.gate.config.ProxySettings;
import dev.corral.gate.config.ServerConfig;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;

/**
 * Builds the pipeline of an accepted client connection: strict request decoder, response encoder, frontend
 * handler. The request line and header limits come from {@code large_client_header_buffers} of the listening
 * socket's default server (nginx's defaults: 8k per line, 4 × 8k for all headers). Stateless.
 */
public final class FrontendInitializer extends ChannelInitializer<Channel> {
  private final GateContext gate;
  private final String listenerKey;

  public FrontendInitializer(GateContext gate, String listenerKey) {
    this.gate = gate;
    this.listenerKey = listenerKey;
  }

  @Override
  protected void initChannel(Channel ch) {
    ServerConfig server = gate.routes.get().defaultServer(listenerKey);
    int line = 8 * 1024;
    int headers = 32 * 1024;
    if (server != null) {
      ProxySettings s = server.settings();
      line = s.largeHeaderBufferSize();
      headers = s.largeHeaderBufferSize() * s.largeHeaderBufferNumber();
    }
    if (Http2Front.wanted(ch, gate, listenerKey)) {
      Http2Front.install(ch, gate, listenerKey, server);
      return;
    }
    GateResponseEncoder encoder = new GateResponseEncoder();
    ch.pipeline().addLast(new GateRequestDecoder(line, headers), encoder,
        new FrontendHandler(gate, listenerKey, encoder));
    HttpsFront.install(ch, gate, listenerKey);
  }
}
