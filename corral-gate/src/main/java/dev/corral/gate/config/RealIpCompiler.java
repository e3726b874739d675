package dev.corral.gate.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Compiles {@code set_real_ip_from}, {@code real_ip_header} and {@code real_ip_recursive} of one level into
 * {@link RealIpSettings}, with nginx's messages. Not thread-safe.
 */
final class RealIpCompiler extends FeatureCompiler<RealIpSettings> {
  static final Set<String> NAMES = Set.of("set_real_ip_from", "real_ip_header", "real_ip_recursive");

  private final RealIpSettings parent;
  private List<AddressRange> own;
  private boolean unix;
  private String header;
  private boolean recursive;

  RealIpCompiler(RealIpSettings parent) {
    this.parent = parent;
    header = parent.header();
    recursive = parent.recursive();
  }

  @Override
  Set<String> names() {
    return NAMES;
  }

  @Override
  Set<String> repeatable() {
    return Set.of("set_real_ip_from");
  }

  @Override
  void apply(Directive d) {
    Values.requireArgs(d, 1, 1);
    String value = d.arg(0);
    switch (d.name()) {
      case "set_real_ip_from" -> {
        if (own == null) {
          own = new ArrayList<>();
        }
        if (value.equals("unix:")) {
          unix = true;
          return;
        }
        own.add(AddressRange.parse(value).orElseThrow(() -> new ConfigException(
            "host not found in set_real_ip_from \"" + value + "\" (corral gate takes addresses and CIDR blocks)",
            d.position())));
      }
      case "real_ip_header" -> {
        if (value.equals("proxy_protocol")) {
          throw new ConfigException("\"real_ip_header proxy_protocol\" is not supported by corral gate (it has no "
              + "proxy_protocol listeners)", d.position());
        }
        if (!Values.isHeaderName(value)) {
          throw Values.invalid(d, value, "X-Real-IP, X-Forwarded-For or a header name");
        }
        header = value;
      }
      default -> recursive = Values.flag(d, value);
    }
  }

  @Override
  RealIpSettings build() {
    return own == null ? new RealIpSettings(parent.from(), parent.fromUnix(), header, recursive)
        : new RealIpSettings(own, unix, header, recursive);
  }
}
