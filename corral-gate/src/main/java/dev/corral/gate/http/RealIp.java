package dev.corral.gate.http;

import dev.corral.gate.config.AddressRange;
import dev.corral.gate.config.RealIpSettings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * nginx's realip module (ngx_http_realip_handler): when the connection comes from a {@code set_real_ip_from}
 * address, the client's address is taken from {@code real_ip_header}. A list ({@code X-Forwarded-For}, several
 * header lines in order) is read from the right: without {@code real_ip_recursive} its last address is the
 * client's; with it, trusted addresses are skipped and the first untrusted one from the right is (the leftmost if
 * all are trusted). An address that does not parse ends the walk there. The result is {@code $remote_addr} and
 * {@code $binary_remote_addr} for everything after it (limit keys, ip_hash, logs); {@code $realip_remote_addr}
 * keeps the connection's. Stateless.
 *
 * <p>It runs once per request, before the access phases (nginx's post-read phase with the server's settings, then,
 * if that changed nothing, its preaccess run with the location's).
 */
final class RealIp {
  private RealIp() {}

  /** Applies {@code settings} to {@code request}; returns whether the address was replaced. */
  static boolean apply(RequestContext request, RealIpSettings settings) {
    if (!settings.enabled() || request.connectionRemote != null || request.remote.getAddress() == null
        || !trusted(request.remote.getAddress(), settings.from())) {
      return false;
    }
    List<String> lines = request.request.headers().getAll(settings.header());
    if (lines.isEmpty()) {
      return false;
    }
    String[] addresses = String.join(",", lines).split(",");
    InetAddress found = null;
    int port = 0;
    for (int i = addresses.length - 1; i >= 0; i--) {
      String token = addresses[i].trim();
      if (token.isEmpty()) {
        continue;
      }
      InetSocketAddress parsed = parse(token);
      if (parsed == null) {
        break;
      }
      found = parsed.getAddress();
      port = parsed.getPort();
      if (!settings.recursive() || !trusted(found, settings.from())) {
        break;
      }
    }
    if (found == null) {
      return false;
    }
    request.connectionRemote = request.remote;
    request.replaceRemote(new InetSocketAddress(found, port));
    return true;
  }

  private static boolean trusted(InetAddress address, List<AddressRange> from) {
    for (int i = 0, n = from.size(); i < n; i++) {
      if (from.get(i).contains(address)) {
        return true;
      }
    }
    return false;
  }

  /** {@code addr}, {@code addr:port}, {@code [v6]} or {@code [v6]:port}, literal only; null if it is none. */
  private static InetSocketAddress parse(String token) {
    String host = token;
    int port = 0;
    if (token.startsWith("[")) {
      int close = token.indexOf(']');
      if (close < 0) {
        return null;
      }
      host = token.substring(1, close);
      String rest = token.substring(close + 1);
      if (rest.startsWith(":")) {
        port = port(rest.substring(1));
      } else if (!rest.isEmpty()) {
        return null;
      }
    } else if (token.indexOf(':') == token.lastIndexOf(':') && token.indexOf(':') > 0) {
      host = token.substring(0, token.indexOf(':'));
      port = port(token.substring(token.indexOf(':') + 1));
    }
    if (port < 0 || !(host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || Character.isDigit(c)))) {
      return null;
    }
    try {
      // A literal (checked above): no name is looked up.
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static int port(String digits) {
    if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    int p = Integer.parseInt(digits);
    return p > 65535 ? -1 : p;
  }
}
