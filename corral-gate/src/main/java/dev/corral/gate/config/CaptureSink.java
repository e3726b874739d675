package dev.corral.gate.config;

import java.util.regex.Matcher;

/** Receives the groups of a {@link CaptureRegex} that matched, to make them the request's captures. */
@FunctionalInterface
public interface CaptureSink {
  /** {@code matcher} has just matched with {@code regex}'s pattern. */
  void captured(CaptureRegex regex, Matcher matcher);
}
