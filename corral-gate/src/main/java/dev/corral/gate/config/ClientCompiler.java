package dev.corral.gate.config;

import java.time.Duration;
import java.util.Set;

/**
 * Compiles the client-connection directives of one level into {@link ClientSettings}, and checks the ones that
 * configure nothing the gate does (sendfile, tcp_nopush). Not thread-safe.
 */
final class ClientCompiler extends FeatureCompiler<ClientSettings> {
  static final Set<String> NAMES = Set.of("client_max_body_size", "keepalive_timeout", "keepalive_requests",
      "keepalive_time", "merge_slashes",
      "client_header_timeout", "client_body_timeout", "send_timeout", "large_client_header_buffers", "sendfile",
      "tcp_nopush", "tcp_nodelay");

  private long maxBody;
  private Duration keepaliveTimeout;
  private int keepaliveRequests;
  private Duration headerTimeout;
  private Duration bodyTimeout;
  private Duration sendTimeout;
  private int headerBufferSize;
  private int headerBufferNumber;
  private boolean tcpNodelay;
  private Duration keepaliveTime;
  private boolean mergeSlashes;

  ClientCompiler(ClientSettings parent) {
    maxBody = parent.maxBodySize();
    keepaliveTimeout = parent.keepaliveTimeout();
    keepaliveRequests = parent.keepaliveRequests();
    headerTimeout = parent.headerTimeout();
    bodyTimeout = parent.bodyTimeout();
    sendTimeout = parent.sendTimeout();
    headerBufferSize = parent.largeHeaderBufferSize();
    headerBufferNumber = parent.largeHeaderBufferNumber();
    tcpNodelay = parent.tcpNodelay();
    keepaliveTime = parent.keepaliveTime();
    mergeSlashes = parent.mergeSlashes();
  }

  @Override
  Set<String> names() {
    return NAMES;
  }

  @Override
  Set<String> notInLocation() {
    return Set.of("large_client_header_buffers", "client_header_timeout", "merge_slashes");
  }

  @Override
  void apply(Directive d) {
    switch (d.name()) {
      case "client_max_body_size" -> {
        Values.requireArgs(d, 1, 1);
        maxBody = Values.size(d, d.arg(0));
      }
      case "keepalive_timeout" -> {
        Values.requireArgs(d, 1, 1);
        keepaliveTimeout = Values.duration(d, d.arg(0));
      }
      case "keepalive_requests" -> {
        Values.requireArgs(d, 1, 1);
        keepaliveRequests = Values.integer(d, d.arg(0), 0, Integer.MAX_VALUE);
      }
      case "keepalive_time" -> keepaliveTime = Values.time(d);
      case "merge_slashes" -> {
        Values.requireArgs(d, 1, 1);
        mergeSlashes = Values.flag(d, d.arg(0));
      }
      case "client_header_timeout" -> headerTimeout = Values.time(d);
      case "client_body_timeout" -> bodyTimeout = Values.time(d);
      case "send_timeout" -> sendTimeout = Values.time(d);
      case "large_client_header_buffers" -> {
        Values.requireArgs(d, 2, 2);
        headerBufferNumber = Values.integer(d, d.arg(0), 1, 1024);
        long size = Values.size(d, d.arg(1));
        if (size < 64 || size > 1024 * 1024) {
          throw Values.invalid(d, d.arg(1), "a size from 64 to 1m");
        }
        headerBufferSize = (int) size;
      }
      case "sendfile", "tcp_nopush" -> {
        // nginx uses both only when it sends a file (sendfile(2), TCP_CORK); the gate sends no files and buffers
        // no response to a temporary file, where nginx has the same nothing to do.
        Values.requireArgs(d, 1, 1);
        Values.flag(d, d.arg(0));
      }
      case "tcp_nodelay" -> {
        Values.requireArgs(d, 1, 1);
        tcpNodelay = Values.flag(d, d.arg(0));
      }
      default -> throw new IllegalStateException("unhandled client directive " + d.name());
    }
  }

  @Override
  ClientSettings build() {
    return new ClientSettings(maxBody, keepaliveTimeout, keepaliveRequests, headerTimeout, bodyTimeout,
        sendTimeout, headerBufferSize, headerBufferNumber, tcpNodelay, keepaliveTime, mergeSlashes);
  }
}
