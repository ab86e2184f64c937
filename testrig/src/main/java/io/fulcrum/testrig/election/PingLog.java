package io.fulcrum.testrig.election;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code ping -D -n -i <interval>} output: when replies came, and the longest silence. */
public final class PingLog {
  private static final Pattern REPLY = Pattern.compile("^\\[(\\d+\\.\\d+)\\] \\d+ bytes from");

  private PingLog() {}

  /** Epoch seconds of every reply, in order. */
  public static List<Double> replyTimes(List<String> lines) {
    List<Double> t = new ArrayList<>();
    for (String line : lines) {
      Matcher m = REPLY.matcher(line);
      if (m.find()) {
        t.add(Double.parseDouble(m.group(1)));
      }
    }
    return t;
  }

  /**
   * The longest time without a reply that overlaps {@code [from, to]} (epoch seconds), in ms: from
   * the last reply before a silence to the first after it. -1 when no reply came after {@code from}
   * (the service never came back).
   */
  public static long longestSilenceMs(List<Double> replies, double from, double to) {
    double prev = Double.NaN;
    double worst = 0;
    boolean after = false;
    for (double t : replies) {
      if (!Double.isNaN(prev) && t >= from && prev <= to) {
        worst = Math.max(worst, t - prev);
      }
      if (t >= from) {
        after = true;
      }
      prev = t;
    }
    return after ? Math.round(worst * 1000) : -1;
  }
}
