package dev.corral.gate.tls;

import io.netty.channel.Channel;
import java.time.Duration;

/**
 * Puts TLS in front of an accepted connection's pipeline: a {@link TlsSniffer} that sends plain text to
 * {@code plainText} and a handshake to the {@link SniSelector}, which installs the chosen server's
 * {@link io.netty.handler.ssl.SslHandler}. What comes after (HTTP decoder, stream relay) sees plaintext.
 * Stateless.
 */
public final class TlsPipeline {
  private TlsPipeline() {}

  /**
   * Adds the TLS handlers at the head of {@code channel}'s pipeline.
   *
   * @param handshakeTimeout how long a handshake may take (nginx uses {@code client_header_timeout})
   */
  public static void install(Channel channel, SniLookup lookup, PlainTextAnswer plainText,
      Duration handshakeTimeout) {
    long millis = Math.max(1, handshakeTimeout.toMillis());
    channel.pipeline().addFirst("tls-sniffer", new TlsSniffer(new SniSelector(lookup, millis), plainText));
  }
}
