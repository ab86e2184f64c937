package io.fulcrum.agent.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** Reads the version the build wrote into {@code version.properties}. */
public final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"fulcrum-agent " + version()};
  }

  /** The build's version, or "unknown". */
  public static String version() {
    try (InputStream in =
        VersionProvider.class.getResourceAsStream("/io/fulcrum/agent/version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
