package io.fulcrum.healthcheck;

/** Health-check settings that cannot be used; the message says what is wrong and what is valid. */
public final class InvalidSettingsException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidSettingsException(String message) {
    super(message);
  }
}
