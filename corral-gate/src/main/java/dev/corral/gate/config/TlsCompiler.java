package dev.corral.gate.config;

import dev.corral.gate.tls.CertificateKey;
import dev.corral.gate.tls.PemFiles;
import dev.corral.gate.tls.ServerTls;
import dev.corral.gate.tls.SessionCache;
import dev.corral.gate.tls.TlsFileException;
import dev.corral.gate.tls.TlsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Compiles the {@code ssl_*} directives of the http or a server level into a {@link ServerTls}: reads the
 * certificate and key files (so {@code -t} and a reload fail on a bad one, with nginx's message and the
 * directive's file:line, and the running configuration keeps serving) and builds the TLS context. A level that
 * sets no {@code ssl_*} directive shares its parent's, context included. Relative paths resolve against the
 * directory of the file the directive is in. Not thread-safe.
 */
final class TlsCompiler extends FeatureCompiler<ServerTls> {
  static final Set<String> NAMES = Set.of("ssl_certificate", "ssl_certificate_key", "ssl_password_file",
      "ssl_protocols", "ssl_ciphers", "ssl_prefer_server_ciphers", "ssl_ecdh_curve", "ssl_session_cache",
      "ssl_session_timeout", "ssl_session_tickets", "ssl_dhparam", "ssl_reject_handshake");
  private static final Set<String> PROTOCOLS = Set.of("SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");

  private final ServerTls parent;
  private final Path prefix;
  private boolean changed;
  private final List<Directive> certificates = new ArrayList<>();
  private final List<Directive> keys = new ArrayList<>();
  private Optional<Directive> passwordFile = Optional.empty();
  private List<String> protocols;
  private String ciphers;
  private boolean preferServerCiphers;
  private String ecdhCurve;
  private SessionCache sessionCache;
  private Duration sessionTimeout;
  private boolean sessionTickets;
  private boolean rejectHandshake;
  private Optional<Path> dhparam;

  TlsCompiler(ServerTls parent, Path prefix) {
    this.parent = parent;
    this.prefix = prefix;
    TlsSettings p = parent.settings();
    protocols = p.protocols();
    ciphers = p.ciphers();
    preferServerCiphers = p.preferServerCiphers();
    ecdhCurve = p.ecdhCurve();
    sessionCache = p.sessionCache();
    sessionTimeout = p.sessionTimeout();
    sessionTickets = p.sessionTickets();
    rejectHandshake = p.rejectHandshake();
    dhparam = p.dhparam();
  }

  @Override
  Set<String> names() {
    return NAMES;
  }

  @Override
  Set<String> repeatable() {
    return Set.of("ssl_certificate", "ssl_certificate_key");
  }

  @Override
  Set<String> notInLocation() {
    return NAMES;
  }

  @Override
  void apply(Directive d) {
    changed = true;
    switch (d.name()) {
      case "ssl_certificate" -> {
        Values.requireArgs(d, 1, 1);
        requireNoVariables(d);
        certificates.add(d);
      }
      case "ssl_certificate_key" -> {
        Values.requireArgs(d, 1, 1);
        requireNoVariables(d);
        keys.add(d);
      }
      case "ssl_password_file" -> {
        Values.requireArgs(d, 1, 1);
        passwordFile = Optional.of(d);
      }
      case "ssl_protocols" -> {
        Values.requireArgs(d, 1, PROTOCOLS.size());
        for (String protocol : d.args()) {
          if (!PROTOCOLS.contains(protocol)) {
            throw Values.invalid(d, protocol, "SSLv2, SSLv3, TLSv1, TLSv1.1, TLSv1.2 or TLSv1.3");
          }
        }
        protocols = List.copyOf(d.args());
      }
      case "ssl_ciphers" -> {
        Values.requireArgs(d, 1, 1);
        ciphers = d.arg(0);
      }
      case "ssl_prefer_server_ciphers" -> {
        Values.requireArgs(d, 1, 1);
        preferServerCiphers = Values.flag(d, d.arg(0));
      }
      case "ssl_ecdh_curve" -> {
        Values.requireArgs(d, 1, 1);
        ecdhCurve = d.arg(0);
      }
      case "ssl_session_cache" -> sessionCache = sessionCache(d);
      case "ssl_session_timeout" -> sessionTimeout = Values.time(d);
      case "ssl_session_tickets" -> {
        Values.requireArgs(d, 1, 1);
        sessionTickets = Values.flag(d, d.arg(0));
      }
      case "ssl_reject_handshake" -> {
        Values.requireArgs(d, 1, 1);
        rejectHandshake = Values.flag(d, d.arg(0));
      }
      case "ssl_dhparam" -> {
        Values.requireArgs(d, 1, 1);
        Path file = resolve(d);
        if (!Files.isReadable(file)) {
          throw new ConfigException("BIO_new_file(\"" + file + "\") failed (SSL: error:80000002:system library::"
              + "No such file or directory)", d.position());
        }
        dhparam = Optional.of(file);
      }
      default -> throw new IllegalStateException("unhandled ssl directive " + d.name());
    }
  }

  @Override
  ServerTls build() {
    if (!changed) {
      return parent;
    }
    List<CertificateKey> pairs = certificates.isEmpty() && passwordFile.isEmpty()
        ? parent.settings().certificates() : loadPairs();
    TlsSettings settings = new TlsSettings(pairs, protocols, ciphers, preferServerCiphers, ecdhCurve,
        sessionCache, sessionTimeout, sessionTickets, rejectHandshake, dhparam);
    if (pairs.isEmpty()) {
      return new ServerTls(settings, java.util.Map.of());
    }
    SourcePosition where = certificates.isEmpty() ? passwordFile.get().position() : certificates.get(0).position();
    try {
      return ServerTls.build(settings);
    } catch (TlsFileException e) {
      throw new ConfigException(e.getMessage(), where);
    }
  }

  private List<CertificateKey> loadPairs() {
    List<String> passwords = List.of();
    if (passwordFile.isPresent()) {
      try {
        passwords = PemFiles.passwords(resolve(passwordFile.get()));
      } catch (TlsFileException e) {
        throw new ConfigException(e.getMessage(), passwordFile.get().position());
      }
    }
    List<CertificateKey> pairs = new ArrayList<>();
    if (certificates.isEmpty()) {
      // Only ssl_password_file here: the inherited pairs are read again with this level's passwords.
      for (CertificateKey inherited : parent.settings().certificates()) {
        pairs.add(load(inherited.certificateFile(), inherited.keyFile(), passwords, passwordFile.get()));
      }
      return pairs;
    }
    for (int i = 0; i < certificates.size(); i++) {
      Directive cert = certificates.get(i);
      if (i >= keys.size()) {
        throw new ConfigException("no \"ssl_certificate_key\" is defined for certificate \"" + cert.arg(0)
            + "\"", cert.position());
      }
      pairs.add(load(resolve(cert), resolve(keys.get(i)), passwords, cert));
    }
    return pairs;
  }

  private static CertificateKey load(Path cert, Path key, List<String> passwords, Directive where) {
    try {
      return PemFiles.load(cert, key, passwords);
    } catch (TlsFileException e) {
      throw new ConfigException(e.getMessage(), where.position());
    }
  }

  private Path resolve(Directive d) {
    Path file = Path.of(d.arg(0));
    if (file.isAbsolute()) {
      return file;
    }
    Path source = d.position().file();
    Path dir = source != null && source.isAbsolute() && source.getParent() != null ? source.getParent() : prefix;
    return dir.resolve(file).normalize();
  }

  private static void requireNoVariables(Directive d) {
    if (d.arg(0).contains("$") || d.arg(0).startsWith("data:")) {
      throw new ConfigException("\"" + d.name() + " " + d.arg(0) + "\": variables and data: are not supported "
          + "by corral gate (expected: a file)", d.position());
    }
  }

  /** {@code off | none | [builtin[:size]] [shared:name:size]}. */
  private static SessionCache sessionCache(Directive d) {
    Values.requireArgs(d, 1, 2);
    if (d.args().size() == 1 && d.arg(0).equals("off")) {
      return new SessionCache(SessionCache.Mode.OFF, 0);
    }
    if (d.args().size() == 1 && d.arg(0).equals("none")) {
      return SessionCache.none();
    }
    long size = 0;
    for (String arg : d.args()) {
      if (arg.equals("builtin")) {
        size += SessionCache.BUILTIN_DEFAULT_SIZE;
      } else if (arg.startsWith("builtin:")) {
        size += Values.integer(d, arg.substring(8), 1, Integer.MAX_VALUE);
      } else if (arg.startsWith("shared:") && arg.indexOf(':', 7) > 7) {
        String zoneSize = arg.substring(arg.indexOf(':', 7) + 1);
        long bytes = Values.size(d, zoneSize);
        if (bytes < 8 * 4096) {
          throw new ConfigException("session cache \"" + arg + "\" is too small", d.position());
        }
        size += Math.max(1, bytes * SessionCache.SESSIONS_PER_MEGABYTE / (1024 * 1024));
      } else {
        throw Values.invalid(d, arg, "off, none, builtin[:size] or shared:name:size");
      }
    }
    return new SessionCache(SessionCache.Mode.CACHE, size);
  }
}
