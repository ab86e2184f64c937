package io.fulcrum.agent.cli;

import io.fulcrum.agent.config.AgentConfig;
import io.fulcrum.agent.config.ConfigException;
import io.fulcrum.agent.config.ConfigParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and validates a configuration file for the commands; prints errors itself. */
final class ConfigLoading {
  static final int CONFIG_INVALID = 2;

  private ConfigLoading() {}

  /** The file's bytes and its validated configuration. */
  record Loaded(byte[] bytes, AgentConfig config) {}

  /** Returns null (after printing why to {@code err}) when the file is unreadable or invalid. */
  static Loaded load(Path file, PrintWriter err) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      err.println(file + ": cannot read: " + e.getMessage());
      err.flush();
      return null;
    }
    try {
      return new Loaded(bytes, ConfigParser.parse(bytes, file.toString()));
    } catch (ConfigException e) {
      err.println(e.getMessage());
      err.flush();
      return null;
    }
  }
}
