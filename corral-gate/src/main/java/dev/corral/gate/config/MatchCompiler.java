package dev.corral.gate.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles one {@code match NAME { ... }} block (nginx Plus, http context) into a {@link HealthMatch}: the
 * {@code status}, {@code header} and {@code body} tests with nginx Plus's syntax. {@code require $var} is refused
 * (corral gate has no variables in health checks); any other mistake is one error naming the directive, the
 * value, what was expected, and the file and line. Stateless.
 */
final class MatchCompiler {
  /** The tests a {@code match} block takes. */
  static final Set<String> NAMES = Set.of("status", "header", "body");

  private static final String STATUS_EXPECTED = "a status code from 100 to 599 or a range such as 200-399";
  private static final String HEADER_FORMS = "header NAME, header ! NAME or header NAME =|!=|~|!~ VALUE";
  private static final String NO_CASELESS = "; nginx's match has no ~*: write (?i) at the start of the regex";

  private MatchCompiler() {}

  static HealthMatch compile(Directive block, DirectiveCatalog catalog) {
    Values.requireBlock(block, 1, 1);
    List<StatusCondition> statuses = new ArrayList<>();
    List<HeaderCondition> headers = new ArrayList<>();
    List<HealthMatch.BodyTest> bodies = new ArrayList<>();
    for (Directive d : block.children()) {
      switch (d.name()) {
        case "status" -> statuses.add(status(d));
        case "header" -> headers.add(header(d));
        case "body" -> bodies.add(body(d));
        case "require" -> throw new ConfigException("\"require\" directive is not supported by corral gate (it "
            + "tests variables; a match block here takes status, header and body tests)", d.position());
        default -> throw catalog.misplaced(d);
      }
    }
    return new HealthMatch(block.arg(0), statuses, headers, bodies);
  }

  private static StatusCondition status(Directive d) {
    Values.requireArgs(d, 1, 64);
    boolean negated = d.arg(0).equals("!");
    List<String> items = d.args().subList(negated ? 1 : 0, d.args().size());
    if (items.isEmpty()) {
      throw new ConfigException("invalid number of arguments in \"status\" directive (expected: a status code "
          + "or range after \"!\")", d.position());
    }
    List<StatusCondition.Range> ranges = new ArrayList<>();
    for (String item : items) {
      int dash = item.indexOf('-');
      if (dash < 0) {
        int code = code(d, item, item);
        ranges.add(new StatusCondition.Range(code, code));
        continue;
      }
      int low = code(d, item.substring(0, dash), item);
      int high = code(d, item.substring(dash + 1), item);
      if (low > high) {
        throw Values.invalid(d, item, "a range LOW-HIGH with LOW not above HIGH, such as 200-399");
      }
      ranges.add(new StatusCondition.Range(low, high));
    }
    return new StatusCondition(negated, ranges);
  }

  private static int code(Directive d, String digits, String item) {
    if (digits.length() != 3 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw Values.invalid(d, item, STATUS_EXPECTED);
    }
    int code = Integer.parseInt(digits);
    if (code < 100 || code > 599) {
      throw Values.invalid(d, item, STATUS_EXPECTED);
    }
    return code;
  }

  private static HeaderCondition header(Directive d) {
    Values.requireArgs(d, 1, 3);
    List<String> a = d.args();
    if (a.size() == 1) {
      return new HeaderCondition(name(d, a.get(0)), HeaderCondition.Op.PRESENT, "", Optional.empty());
    }
    if (a.size() == 2) {
      if (!a.get(0).equals("!")) {
        throw Values.invalid(d, a.get(0) + " " + a.get(1), HEADER_FORMS);
      }
      return new HeaderCondition(name(d, a.get(1)), HeaderCondition.Op.ABSENT, "", Optional.empty());
    }
    String name = name(d, a.get(0));
    String value = a.get(2);
    return switch (a.get(1)) {
      case "=" -> new HeaderCondition(name, HeaderCondition.Op.EQUALS, value, Optional.empty());
      case "!=" -> new HeaderCondition(name, HeaderCondition.Op.NOT_EQUALS, value, Optional.empty());
      case "~" -> new HeaderCondition(name, HeaderCondition.Op.MATCHES, value, Optional.of(regex(d, value)));
      case "!~" -> new HeaderCondition(name, HeaderCondition.Op.NOT_MATCHES, value, Optional.of(regex(d, value)));
      default -> throw Values.invalid(d, a.get(1), "an operator =, !=, ~ or !~"
          + (a.get(1).equals("~*") || a.get(1).equals("!~*") ? NO_CASELESS : ""));
    };
  }

  /** A field name: an HTTP token, and not one starting with {@code !} (a negation written without its space). */
  private static String name(Directive d, String name) {
    boolean token = !name.isEmpty()
        && name.chars().allMatch(c -> c > ' ' && c < 127 && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0);
    if (!token || name.startsWith("!")) {
      throw Values.invalid(d, name, "a header field name (" + HEADER_FORMS + ", with \"!\" as its own word)");
    }
    return name;
  }

  private static HealthMatch.BodyTest body(Directive d) {
    Values.requireArgs(d, 2, 2);
    boolean negated = switch (d.arg(0)) {
      case "~" -> false;
      case "!~" -> true;
      default -> throw Values.invalid(d, d.arg(0), "an operator ~ or !~, as in body ~ \"text\""
          + (d.arg(0).equals("~*") || d.arg(0).equals("!~*") ? NO_CASELESS : ""));
    };
    return new HealthMatch.BodyTest(negated, regex(d, d.arg(1)));
  }

  private static MatchRegex regex(Directive d, String source) {
    try {
      return MatchRegex.compile(source);
    } catch (PatternSyntaxException e) {
      throw new ConfigException("invalid regex \"" + source + "\" in \"" + d.name() + "\" directive: "
          + e.getDescription() + " (expected: a regular expression)", d.position());
    }
  }
}
