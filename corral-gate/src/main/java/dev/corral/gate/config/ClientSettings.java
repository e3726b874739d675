package dev.corral.gate.config;

import java.time.Duration;

/**
 * Client connections and request limits. Defaults are nginx's. Immutable.
 *
 * @param maxBodySize {@code client_max_body_size}, bytes, default 1m; 0 = unlimited
 * @param keepaliveTimeout idle timeout between requests, default 75s; zero disables client keep-alive
 * @param keepaliveRequests requests per connection, default 1000
 * @param headerTimeout {@code client_header_timeout}, default 60s
 * @param bodyTimeout {@code client_body_timeout}, default 60s, between two reads
 * @param sendTimeout {@code send_timeout}, between two writes to the client, default 60s
 * @param largeHeaderBufferSize bytes for the request line and for one header line, default 8k (nginx's
 *     {@code large_client_header_buffers 4 8k})
 * @param largeHeaderBufferNumber default 4: total header bytes are limited to number × size
 * @param tcpNodelay {@code tcp_nodelay}, default on
 * @param keepaliveTime {@code keepalive_time}, default 1h: a keep-alive connection older than this is closed after
 *     the request it is serving
 * @param mergeSlashes {@code merge_slashes} (http and server), default on: runs of {@code /} in the URI count as
 *     one for location matching and {@code $uri}
 */
public record ClientSettings(long maxBodySize, Duration keepaliveTimeout, int keepaliveRequests,
    Duration headerTimeout, Duration bodyTimeout, Duration sendTimeout, int largeHeaderBufferSize,
    int largeHeaderBufferNumber, boolean tcpNodelay, Duration keepaliveTime, boolean mergeSlashes) {

  /** nginx's defaults. */
  static ClientSettings defaults() {
    Duration sixty = Duration.ofSeconds(60);
    return new ClientSettings(1024 * 1024, Duration.ofSeconds(75), 1000, sixty, sixty, sixty, 8 * 1024, 4, true,
        Duration.ofHours(1), true);
  }
}
