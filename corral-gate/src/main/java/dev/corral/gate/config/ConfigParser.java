package dev.corral.gate.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses nginx configuration syntax into a tree of {@link Directive}s, expanding {@code include} in place.
 *
 * <p>{@code include PATH;} takes a file or a glob ({@code *}, {@code ?}, {@code [...]} in the last path element);
 * a relative path is resolved against the configuration directory (the directory of the main file), as nginx
 * does. A glob that matches nothing includes nothing; a plain path that does not exist is an error. Matches are
 * included in name order. Includes nest at most {@value #MAX_INCLUDE_DEPTH} deep (which also stops include
 * cycles).
 *
 * <p>Stateless apart from its configuration directory; safe to use from one thread at a time.
 */
public final class ConfigParser {
  static final int MAX_INCLUDE_DEPTH = 16;

  private final Path configDir;
  /** Every file read, in reading order (for {@code -T}). */
  private final List<SourceFile> files = new ArrayList<>();

  /** A parser resolving relative includes against {@code configDir}. */
  public ConfigParser(Path configDir) {
    this.configDir = configDir;
  }

  /**
   * Parses a file.
   *
   * @throws ConfigException if the file cannot be read or is not valid nginx syntax
   */
  public List<Directive> parseFile(Path file) {
    return parseFile(file, 0);
  }

  /**
   * Parses text that did not come from a file (for example {@code -g} directives); errors name {@code origin}.
   *
   * @throws ConfigException if the text is not valid nginx syntax
   */
  public List<Directive> parseText(String text, Path origin) {
    return parseTokens(new Lexer(text, origin), origin, 0);
  }

  private List<Directive> parseFile(Path file, int depth) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException("open() \"" + file + "\" failed (" + describe(e) + ")");
    }
    files.add(new SourceFile(file, text));
    return parseTokens(new Lexer(text, file), file, depth);
  }

  /** The files read so far (the main file, then each include as it was reached). */
  public List<SourceFile> files() {
    return List.copyOf(files);
  }

  private List<Directive> parseTokens(Lexer lexer, Path file, int depth) {
    List<Directive> top = parseBlock(lexer, file, depth, false);
    return top;
  }

  /** Reads directives until the closing brace (if {@code inBlock}) or the end of the text. */
  private List<Directive> parseBlock(Lexer lexer, Path file, int depth, boolean inBlock) {
    List<Directive> directives = new ArrayList<>();
    while (true) {
      Token token = lexer.next();
      switch (token.kind()) {
        case END -> {
          if (inBlock) {
            throw new ConfigException("unexpected end of file, expecting \"}\"", at(file, token));
          }
          return directives;
        }
        case CLOSE_BRACE -> {
          if (!inBlock) {
            throw new ConfigException("unexpected \"}\"", at(file, token));
          }
          return directives;
        }
        case SEMICOLON -> throw new ConfigException("unexpected \";\"", at(file, token));
        case OPEN_BRACE -> throw new ConfigException("unexpected \"{\"", at(file, token));
        case WORD -> parseDirective(lexer, file, depth, token, directives);
      }
    }
  }

  private void parseDirective(Lexer lexer, Path file, int depth, Token nameToken, List<Directive> out) {
    SourcePosition position = at(file, nameToken);
    List<String> args = new ArrayList<>();
    while (true) {
      Token token = lexer.next();
      switch (token.kind()) {
        case WORD -> args.add(token.text());
        case SEMICOLON -> {
          if (nameToken.text().equals("include")) {
            out.addAll(include(args, position, depth));
          } else {
            out.add(new Directive(nameToken.text(), args, Optional.empty(), position));
          }
          return;
        }
        case OPEN_BRACE -> {
          List<Directive> children = parseBlock(lexer, file, depth, true);
          out.add(new Directive(nameToken.text(), args, Optional.of(children), position));
          return;
        }
        case CLOSE_BRACE -> throw new ConfigException("unexpected \"}\"", at(file, token));
        case END -> throw new ConfigException("unexpected end of file, expecting \";\" or \"}\"", at(file, token));
      }
    }
  }

  private List<Directive> include(List<String> args, SourcePosition position, int depth) {
    if (args.size() != 1) {
      throw new ConfigException("invalid number of arguments in \"include\" directive", position);
    }
    if (depth >= MAX_INCLUDE_DEPTH) {
      throw new ConfigException("includes nested deeper than " + MAX_INCLUDE_DEPTH + " (an include cycle?)",
          position);
    }
    Path pattern = configDir.resolve(args.get(0)).normalize();
    String lastElement = pattern.getFileName() == null ? "" : pattern.getFileName().toString();
    List<Directive> included = new ArrayList<>();
    if (!isGlob(lastElement)) {
      if (!Files.isRegularFile(pattern)) {
        throw new ConfigException("open() \"" + pattern + "\" failed (No such file or directory)", position);
      }
      included.addAll(parseFile(pattern, depth + 1));
      return included;
    }
    Path dir = pattern.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      return included;
    }
    List<Path> matches = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, lastElement)) {
      stream.forEach(p -> {
        if (Files.isRegularFile(p)) {
          matches.add(p);
        }
      });
    } catch (IOException e) {
      throw new ConfigException("glob() \"" + pattern + "\" failed (" + describe(e) + ")", position);
    }
    matches.sort(null);
    for (Path match : matches) {
      included.addAll(parseFile(match, depth + 1));
    }
    return included;
  }

  private static boolean isGlob(String element) {
    return element.indexOf('*') >= 0 || element.indexOf('?') >= 0 || element.indexOf('[') >= 0;
  }

  private static String describe(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "No such file or directory";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "Permission denied";
    }
    return e.getMessage();
  }

  private static SourcePosition at(Path file, Token token) {
    return new SourcePosition(file, token.line());
  }
}
