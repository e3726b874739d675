package dev.corral.gate.config;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@code location} block.
 *
 * @param regex the compiled pattern for {@link LocationMatch#REGEX} and {@link LocationMatch#REGEX_CASELESS}
 */
public record LocationConfig(LocationMatch match, String pattern, Optional<Pattern> regex, LocationHandler handler,
    ProxySettings settings, SourcePosition position) {}
