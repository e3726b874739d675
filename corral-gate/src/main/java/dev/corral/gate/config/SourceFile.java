package dev.corral.gate.config;

import java.nio.file.Path;

/** A configuration file as read (the main file or an included one), for {@code -T}. Immutable. */
public record SourceFile(Path path, String text) {}
