package dev.corral.spring.web;

import dev.corral.spring.CorralConfigException;

/**
 * What a keyed HTTP rule counts a request against: the client's address, a header's value or the authenticated
 * principal. A request without the header or the principal is counted by its address instead; the kinds are
 * prefixed ({@code a:}, {@code h:}, {@code p:}) so an API key cannot borrow a client address's budget. The
 * servlet and the reactive filter read the request; this value says what to read. Immutable.
 *
 * @param kind           what to read
 * @param header         the header's name, for {@link Kind#HEADER}
 * @param trustForwarded whether the client's address is the last address of {@code X-Forwarded-For} (the one the
 *                       nearest proxy saw, which a client cannot forge through a proxy that appends to the header)
 */
public record RequestKey(Kind kind, String header, boolean trustForwarded) {

  /** The kinds of key. */
  public enum Kind { CLIENT_ADDRESS, HEADER, PRINCIPAL }

  /**
   * Parses {@code client-address} (also the default, for null), {@code header:NAME} or {@code principal}.
   *
   * @param property the property, for the error
   * @throws CorralConfigException for anything else
   */
  public static RequestKey parse(String property, String text, boolean trustForwarded) {
    String t = text == null ? "client-address" : text.trim();
    if (t.equals("client-address")) {
      return new RequestKey(Kind.CLIENT_ADDRESS, null, trustForwarded);
    }
    if (t.equals("principal")) {
      return new RequestKey(Kind.PRINCIPAL, null, trustForwarded);
    }
    if (t.startsWith("header:") && !t.substring("header:".length()).isBlank()) {
      return new RequestKey(Kind.HEADER, t.substring("header:".length()).trim(), trustForwarded);
    }
    throw new CorralConfigException(property, text, "expected client-address, header:NAME or principal");
  }

  /**
   * The key of a request.
   *
   * @param peer      the socket's peer address
   * @param forwarded the {@code X-Forwarded-For} header, or null
   * @param value     the header's value ({@link Kind#HEADER}) or the principal's name ({@link Kind#PRINCIPAL}),
   *                  or null when the request has none; ignored for {@link Kind#CLIENT_ADDRESS}
   */
  public String of(String peer, String forwarded, String value) {
    if (kind != Kind.CLIENT_ADDRESS && value != null && !value.isEmpty()) {
      return (kind == Kind.HEADER ? "h:" : "p:") + value;
    }
    return "a:" + address(peer, forwarded);
  }

  private String address(String peer, String forwarded) {
    if (trustForwarded && forwarded != null) {
      String last = forwarded.substring(forwarded.lastIndexOf(',') + 1).trim();
      if (!last.isEmpty()) {
        return last;
      }
    }
    return peer;
  }
}
