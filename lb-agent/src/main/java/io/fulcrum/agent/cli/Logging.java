package io.fulcrum.agent.cli;

/**
 * Sets up slf4j-simple. Must run before the first logger is created: slf4j-simple reads its
 * settings once.
 */
public final class Logging {
  private Logging() {}

  /** One line per event: time, level, logger's short name, message; at {@code level}. */
  public static void configure(String level) {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
    System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
    System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
    System.setProperty("org.slf4j.simpleLogger.levelInBrackets", "false");
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
  }
}
