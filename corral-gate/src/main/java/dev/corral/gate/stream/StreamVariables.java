package dev.corral.gate.stream;

import dev.corral.gate.config.Template;
import dev.corral.gate.config.Variable;
import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The variables of one stream session, as nginx's stream module defines them: the addresses and ports, bytes each
 * way ({@code $bytes_received} from the client, {@code $bytes_sent} to it), {@code $session_time},
 * {@code $status}, {@code $protocol} and the {@code $upstream_*} lists of the servers tried (comma-separated, as
 * nginx). A variable of http only reads as empty here. Confined to the session's event loop.
 */
final class StreamVariables implements Template.Resolver {
  private static final DateTimeFormatter TIME_LOCAL =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US);
  private static final String HOSTNAME = hostname();

  private final InetSocketAddress remote;
  private final InetSocketAddress local;
  final long startNanos;
  private final long startMillis;
  long bytesReceived;
  long bytesSent;
  int status = 200;
  private long endNanos;
  private String upstreamAddr = "";
  private String connectTimes = "";
  private String upstreamBytesSent = "";
  private String upstreamBytesReceived = "";
  private String lastUpstream = "";
  private long tryStart;
  private long relayStart;
  private long firstByteNanos = -1;
  /** Bytes counted before the current try's relay started (always 0: a session relays over one try). */
  private boolean relaying;

  StreamVariables(Channel client, long startNanos, long startMillis) {
    this.remote = (InetSocketAddress) client.remoteAddress();
    this.local = (InetSocketAddress) client.localAddress();
    this.startNanos = startNanos;
    this.startMillis = startMillis;
  }

  void startTry(String address) {
    lastUpstream = address;
    upstreamAddr = append(upstreamAddr, address);
    tryStart = System.nanoTime();
  }

  /** The current try's connect ended; a failed one has sent and received nothing. */
  void endTry(boolean connected) {
    long now = System.nanoTime();
    connectTimes = append(connectTimes, connected ? seconds(now - tryStart) : "-");
    if (connected) {
      relaying = true;
      relayStart = now;
    } else {
      upstreamBytesSent = append(upstreamBytesSent, "0");
      upstreamBytesReceived = append(upstreamBytesReceived, "0");
    }
  }

  void firstByte() {
    if (firstByteNanos < 0) {
      firstByteNanos = System.nanoTime();
    }
  }

  /** The session ended: its time and the relayed try's byte counts are fixed. */
  void ended() {
    endNanos = System.nanoTime();
    if (relaying) {
      upstreamBytesSent = append(upstreamBytesSent, Long.toString(bytesReceived));
      upstreamBytesReceived = append(upstreamBytesReceived, Long.toString(bytesSent));
    }
  }

  String lastUpstream() {
    return lastUpstream;
  }

  /** nginx's context for error log lines: {@code client: A, server: B}. */
  String clientLine() {
    return "client: " + address(remote()) + ", server: " + address(local()) + ":" + local().getPort();
  }

  /** A resolver for log lines, where an empty value is written {@code -}, as nginx. */
  Template.Resolver forLog() {
    return v -> {
      String value = resolve(v);
      return value.isEmpty() ? "-" : value;
    };
  }

  @Override
  public String resolve(Variable variable) {
    return switch (variable.kind()) {
      case REMOTE_ADDR -> address(remote());
      case BINARY_REMOTE_ADDR -> remote().getAddress() == null ? ""
          : new String(remote().getAddress().getAddress(), StandardCharsets.ISO_8859_1);
      case REMOTE_PORT -> Integer.toString(remote().getPort());
      case SERVER_ADDR -> address(local());
      case SERVER_PORT -> Integer.toString(local().getPort());
      case BYTES_SENT -> Long.toString(bytesSent);
      case STATUS -> Integer.toString(status);
      case UPSTREAM_ADDR -> upstreamAddr;
      case UPSTREAM_CONNECT_TIME -> connectTimes;
      case UPSTREAM_BYTES_SENT -> upstreamBytesSent;
      case UPSTREAM_BYTES_RECEIVED -> upstreamBytesReceived;
      case MSEC -> String.format(Locale.ROOT, "%d.%03d", startMillis / 1000, startMillis % 1000);
      case TIME_LOCAL -> TIME_LOCAL.format(ZonedDateTime.now());
      case TIME_ISO8601 -> ZonedDateTime.now().withNano(0).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
      case PID -> Long.toString(ProcessHandle.current().pid());
      case HOSTNAME -> HOSTNAME;
      case USER -> streamVariable(variable.name());
      default -> "";
    };
  }

  /** The stream module's own variables, defined for the stream block's compilation by name. */
  private String streamVariable(String name) {
    return switch (name) {
      case "bytes_received" -> Long.toString(bytesReceived);
      case "session_time" -> seconds((endNanos > 0 ? endNanos : System.nanoTime()) - startNanos);
      case "protocol" -> "TCP";
      case "upstream_session_time" -> relaying ? seconds((endNanos > 0 ? endNanos : System.nanoTime()) - relayStart)
          : "";
      case "upstream_first_byte_time" -> firstByteNanos < 0 ? "" : seconds(firstByteNanos - relayStart);
      default -> "";
    };
  }

  private InetSocketAddress remote() {
    return remote != null ? remote : new InetSocketAddress(0);
  }

  private InetSocketAddress local() {
    return local != null ? local : new InetSocketAddress(0);
  }

  private static String address(InetSocketAddress a) {
    if (a == null) {
      return "";
    }
    InetAddress ip = a.getAddress();
    return ip == null ? a.getHostString() : ip.getHostAddress();
  }

  private static String seconds(long nanos) {
    long millis = Math.max(0, nanos) / 1_000_000;
    return String.format(Locale.ROOT, "%d.%03d", millis / 1000, millis % 1000);
  }

  private static String append(String list, String value) {
    return list.isEmpty() ? value : list + ", " + value;
  }

  private static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "localhost";
    }
  }
}
