package dev.corral.gate.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Compiles {@code error_page}, {@code recursive_error_pages} and {@code proxy_intercept_errors} of one level into
 * {@link ErrorPageSettings}, with nginx's checks and messages (ngx_http_core_error_page). Not thread-safe.
 */
final class ErrorPageCompiler extends FeatureCompiler<ErrorPageSettings> {
  static final Set<String> NAMES = Set.of("error_page", "recursive_error_pages", "proxy_intercept_errors");

  private final List<ErrorPage> inherited;
  private final List<ErrorPage> own = new ArrayList<>();
  private boolean recursive;
  private boolean intercept;

  ErrorPageCompiler(ErrorPageSettings parent) {
    inherited = parent.pages();
    recursive = parent.recursive();
    intercept = parent.interceptErrors();
  }

  @Override
  Set<String> names() {
    return NAMES;
  }

  @Override
  Set<String> repeatable() {
    return Set.of("error_page");
  }

  @Override
  void apply(Directive d) {
    switch (d.name()) {
      case "recursive_error_pages" -> {
        Values.requireArgs(d, 1, 1);
        recursive = Values.flag(d, d.arg(0));
      }
      case "proxy_intercept_errors" -> {
        Values.requireArgs(d, 1, 1);
        intercept = Values.flag(d, d.arg(0));
      }
      default -> errorPage(d);
    }
  }

  private void errorPage(Directive d) {
    Values.requireArgs(d, 2, Integer.MAX_VALUE);
    List<String> args = d.args();
    int codesEnd = args.size() - 1;
    int overwrite = ErrorPage.KEEP;
    String last = args.get(args.size() - 2);
    if (last.startsWith("=")) {
      if (args.size() == 2) {
        throw new ConfigException("invalid value \"" + last + "\"", d.position());
      }
      overwrite = last.length() == 1 ? ErrorPage.TARGET : number(d, last.substring(1), last);
      codesEnd--;
    }
    Template target = Template.compile(args.get(args.size() - 1), d.position());
    for (String code : args.subList(0, codesEnd)) {
      int status = number(d, code, code);
      if (status == 499) {
        throw new ConfigException("invalid value \"" + code + "\"", d.position());
      }
      if (status < 300 || status > 599) {
        throw new ConfigException("value \"" + code + "\" must be between 300 and 599", d.position());
      }
      // nginx's own codes 494 and 495–497 are answered as 400 unless the line says otherwise.
      int given = overwrite == ErrorPage.KEEP && (status == 494 || status >= 495 && status <= 497) ? 400 : overwrite;
      own.add(new ErrorPage(status, given, target));
    }
  }

  private static int number(Directive d, String digits, String value) {
    if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(Character::isDigit)) {
      throw new ConfigException("invalid value \"" + value + "\"", d.position());
    }
    return Integer.parseInt(digits);
  }

  @Override
  ErrorPageSettings build() {
    return new ErrorPageSettings(own.isEmpty() ? inherited : own, recursive, intercept);
  }
}
