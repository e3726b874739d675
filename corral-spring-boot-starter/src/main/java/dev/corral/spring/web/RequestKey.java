package dev.corral.spring.web;

import dev.corral.spring.CorralConfigException;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;

/**
 * What a keyed HTTP rule counts a request against: the client's address, a header's value or the authenticated
 * principal. A request without the header or the principal is counted by its address instead; the kinds are
 * prefixed ({@code a:}, {@code h:}, {@code p:}) so an API key cannot borrow a client address's budget.
 * Implementations are immutable and thread-safe.
 */
public sealed interface RequestKey {

  /** The key of {@code request}; never null. */
  String of(HttpServletRequest request);

  /**
   * Parses {@code client-address}, {@code header:NAME} or {@code principal}.
   *
   * @param property       the property, for the error
   * @param trustForwarded whether {@code client-address} reads {@code X-Forwarded-For}
   * @throws CorralConfigException for anything else
   */
  static RequestKey parse(String property, String text, boolean trustForwarded) {
    ClientAddress address = new ClientAddress(trustForwarded);
    String t = text == null ? "client-address" : text.trim();
    if (t.equals("client-address")) {
      return address;
    }
    if (t.equals("principal")) {
      return new PrincipalName(address);
    }
    if (t.startsWith("header:") && t.length() > "header:".length()) {
      return new Header(t.substring("header:".length()).trim(), address);
    }
    throw new CorralConfigException(property, text, "expected client-address, header:NAME or principal");
  }

  /**
   * The socket's peer address, or with {@code trustForwarded} the last address of {@code X-Forwarded-For}: the
   * one the nearest proxy saw, which a client cannot forge through a proxy that appends to the header.
   */
  record ClientAddress(boolean trustForwarded) implements RequestKey {
    @Override
    public String of(HttpServletRequest request) {
      return "a:" + address(request);
    }

    String address(HttpServletRequest request) {
      if (trustForwarded) {
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded != null) {
          String last = forwarded.substring(forwarded.lastIndexOf(',') + 1).trim();
          if (!last.isEmpty()) {
            return last;
          }
        }
      }
      return request.getRemoteAddr();
    }
  }

  /** A request header's value; requests without it are keyed by address. */
  record Header(String name, ClientAddress fallback) implements RequestKey {
    @Override
    public String of(HttpServletRequest request) {
      String value = request.getHeader(name);
      return value == null || value.isEmpty() ? fallback.of(request) : "h:" + value;
    }
  }

  /** The authenticated principal's name; anonymous requests are keyed by address. */
  record PrincipalName(ClientAddress fallback) implements RequestKey {
    @Override
    public String of(HttpServletRequest request) {
      Principal p = request.getUserPrincipal();
      return p == null ? fallback.of(request) : "p:" + p.getName();
    }
  }
}
