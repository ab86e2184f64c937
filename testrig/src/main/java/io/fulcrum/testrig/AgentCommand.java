package io.fulcrum.testrig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line that runs a real agent ({@code java -jar fulcrum-agent.jar run --config FILE})
 * inside a test namespace: entered with {@code nsenter --net}, not {@code ip netns exec}, so that
 * the agent keeps seeing the host's bpffs; this JVM's own {@code java}; a small serial-GC heap that
 * starts quickly (test agents carry a handful of services).
 */
public final class AgentCommand {
  private AgentCommand() {}

  /**
   * @param netns the namespace's name
   * @param jar the agent's shaded jar
   * @param config the agent's configuration file
   * @param jvmOptions more JVM options, after the defaults
   */
  public static List<String> inNetns(String netns, Path jar, Path config, String... jvmOptions) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "nsenter",
                "--net=/var/run/netns/" + netns,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC",
                "-Xmx192m",
                "-XX:TieredStopAtLevel=1"));
    cmd.addAll(List.of(jvmOptions));
    cmd.addAll(List.of("-jar", jar.toString(), "run", "--config", config.toString()));
    return cmd;
  }
}
