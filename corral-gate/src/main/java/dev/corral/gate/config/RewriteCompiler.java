package dev.corral.gate.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Compiles the rewrite module's directives of one level (server, location or the block of an {@code if}) into
 * {@link RewriteSettings}: {@code set}, {@code rewrite}, {@code return}, {@code break} and {@code if} in order, with
 * nginx's checks and messages; {@code rewrite_log} and {@code uninitialized_variable_warn} are inherited. The
 * statements of an {@code if} block are compiled by the level's owner ({@link ServerCompiler}), which also makes
 * the block's nested location. Not thread-safe.
 */
final class RewriteCompiler extends FeatureCompiler<RewriteSettings> {
  /** The statements, which nginx allows in server, location and if, but not at http level. */
  static final Set<String> STATEMENTS = Set.of("set", "rewrite", "return", "break", "if");
  static final Set<String> NAMES = Set.of("set", "rewrite", "return", "break", "if", "rewrite_log",
      "uninitialized_variable_warn");

  private final List<RewriteOp> script = new ArrayList<>();
  private boolean log;
  private boolean uninitializedWarn;

  RewriteCompiler(RewriteSettings parent) {
    log = parent.log();
    uninitializedWarn = parent.uninitializedWarn();
  }

  @Override
  Set<String> names() {
    return NAMES;
  }

  @Override
  Set<String> repeatable() {
    return STATEMENTS;
  }

  @Override
  void apply(Directive d) {
    switch (d.name()) {
      case "rewrite_log" -> {
        Values.requireArgs(d, 1, 1);
        log = Values.flag(d, d.arg(0));
      }
      case "uninitialized_variable_warn" -> {
        Values.requireArgs(d, 1, 1);
        uninitializedWarn = Values.flag(d, d.arg(0));
      }
      default -> script.add(statement(d));
    }
  }

  /** Compiles one statement ({@link #STATEMENTS}); an {@code if}'s block is left for the caller to complete. */
  static RewriteOp statement(Directive d) {
    return switch (d.name()) {
      case "set" -> set(d);
      case "rewrite" -> rewrite(d);
      case "return" -> returnOp(d);
      case "break" -> {
        Values.requireArgs(d, 0, 0);
        yield new RewriteOp.Break();
      }
      case "if" -> {
        if (d.block().isEmpty()) {
          throw new ConfigException("directive \"if\" has no opening \"{\"", d.position());
        }
        yield new RewriteOp.If(condition(d), new IfBlock(d));
      }
      default -> throw new IllegalArgumentException(d.name());
    };
  }

  private static RewriteOp set(Directive d) {
    Values.requireArgs(d, 2, 2);
    String name = d.arg(0);
    if (!name.startsWith("$") || name.length() < 2) {
      throw new ConfigException("invalid variable name \"" + name + "\"", d.position());
    }
    Template value = Template.compile(d.arg(1), d.position());
    String bare = name.substring(1).toLowerCase(java.util.Locale.ROOT);
    if (bare.equals("args")) {
      return new RewriteOp.Set(null, value);
    }
    UserVariable target = UserVariables.current().find(bare);
    if (target == null || target.map().isPresent()) {
      throw new ConfigException("the duplicate \"" + bare + "\" variable", d.position());
    }
    return new RewriteOp.Set(target, value);
  }

  private static RewriteOp rewrite(Directive d) {
    Values.requireArgs(d, 2, 3);
    CaptureRegex regex = CaptureRegex.compile(d.arg(0), false, d.position());
    String replacement = d.arg(1);
    RewriteOp.RewriteFlag flag = RewriteOp.RewriteFlag.NONE;
    if (d.args().size() == 3) {
      flag = switch (d.arg(2)) {
        case "last" -> RewriteOp.RewriteFlag.LAST;
        case "break" -> RewriteOp.RewriteFlag.BREAK;
        case "redirect" -> RewriteOp.RewriteFlag.REDIRECT;
        case "permanent" -> RewriteOp.RewriteFlag.PERMANENT;
        default -> throw new ConfigException("invalid parameter \"" + d.arg(2) + "\"", d.position());
      };
    }
    boolean absolute = replacement.startsWith("http://") || replacement.startsWith("https://")
        || replacement.startsWith("$scheme");
    boolean redirect = absolute || flag == RewriteOp.RewriteFlag.REDIRECT || flag == RewriteOp.RewriteFlag.PERMANENT;
    boolean keepArgs = !replacement.endsWith("?");
    if (!keepArgs) {
      replacement = replacement.substring(0, replacement.length() - 1);
    }
    int status = flag == RewriteOp.RewriteFlag.PERMANENT ? 301 : 302;
    return new RewriteOp.Rewrite(regex, Template.compile(replacement, d.position()), flag, redirect, status,
        keepArgs);
  }

  /** {@code return CODE [TEXT]} or {@code return URL}, as nginx's rewrite module reads it. */
  static RewriteOp.Return returnOp(Directive d) {
    Values.requireArgs(d, 1, 2);
    String first = d.arg(0);
    if (d.args().size() == 1 && (first.startsWith("http://") || first.startsWith("https://")
        || first.startsWith("$scheme"))) {
      return new RewriteOp.Return(302, Optional.of(Template.compile(first, d.position())));
    }
    if (first.isEmpty() || !first.chars().allMatch(Character::isDigit) || first.length() > 3) {
      throw new ConfigException("invalid return code \"" + first + "\"", d.position());
    }
    int code = Integer.parseInt(first);
    Optional<Template> text = d.args().size() == 2
        ? Optional.of(Template.compile(d.arg(1), d.position())) : Optional.empty();
    return new RewriteOp.Return(code, text);
  }

  /** The condition in {@code if (…)}, with nginx's parenthesis rules and messages. */
  private static RewriteOp.Condition condition(Directive d) {
    List<String> args = new ArrayList<>(d.args());
    if (args.isEmpty() || !args.get(0).startsWith("(")) {
      throw invalidCondition(d);
    }
    args.set(0, args.get(0).substring(1));
    if (args.get(0).isEmpty()) {
      args.remove(0);
    }
    if (args.isEmpty() || !args.get(args.size() - 1).endsWith(")")) {
      throw invalidCondition(d);
    }
    String last = args.get(args.size() - 1);
    args.set(args.size() - 1, last.substring(0, last.length() - 1));
    if (args.get(args.size() - 1).isEmpty() && args.size() > 1) {
      args.remove(args.size() - 1);
    }
    String first = args.get(0);
    if (first.startsWith("$") && first.length() > 1) {
      Template left = Template.compile(first, d.position());
      if (args.size() == 1) {
        return new RewriteOp.Condition.Truthy(left);
      }
      String op = args.get(1);
      if (args.size() != 3) {
        throw new ConfigException("unexpected \"" + op + "\" in condition", d.position());
      }
      String right = args.get(2);
      return switch (op) {
        case "=", "!=" -> new RewriteOp.Condition.Equals(left, Template.compile(right, d.position()),
            op.equals("!="));
        case "~", "~*", "!~", "!~*" -> new RewriteOp.Condition.Matches(left,
            CaptureRegex.compile(right, op.endsWith("*"), d.position()), op.startsWith("!"));
        default -> throw new ConfigException("unexpected \"" + op + "\" in condition", d.position());
      };
    }
    boolean negate = first.startsWith("!");
    String test = negate ? first.substring(1) : first;
    if (test.length() == 2 && test.charAt(0) == '-' && "fdex".indexOf(test.charAt(1)) >= 0) {
      if (args.size() != 2) {
        throw invalidCondition(d);
      }
      return new RewriteOp.Condition.FileTest(Template.compile(args.get(1), d.position()), test.charAt(1), negate);
    }
    throw invalidCondition(d);
  }

  private static ConfigException invalidCondition(Directive d) {
    return new ConfigException("invalid condition \"" + String.join(" ", d.args()) + "\"", d.position());
  }

  @Override
  RewriteSettings build() {
    return new RewriteSettings(script, log, uninitializedWarn);
  }
}
