package dev.corral.gate.config;

/** One {@code proxy_set_header NAME VALUE}; a value that renders empty removes the header, as in nginx. */
public record HeaderSetting(String name, Template value) {}
