package io.fulcrum.testrig.election;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code tcpdump -nn -e -tt -r capture arp} output taken where a prober broadcasts an ARP
 * request for the VIP every few milliseconds, and finds moments in which two nodes answered. Pure.
 *
 * <p>A window runs from one request of the prober to the next; a window with replies from two or
 * more MAC addresses is a split-brain moment (both answered the same request). {@code answerers}
 * lists who answered, in order, each change of answerer once.
 */
public final class ArpCaptureAnalysis {
  private static final Pattern REQUEST =
      Pattern.compile("^(\\d+\\.\\d+) .*Request who-has (\\S+) tell (\\S+),");
  private static final Pattern REPLY =
      Pattern.compile("^(\\d+\\.\\d+) .*Reply (\\S+) is-at ([0-9a-f:]{17})");

  /** What the capture shows. */
  public record Result(
      int requests, int replies, List<String> answerers, int splitBrainMoments, List<String> why) {}

  private ArpCaptureAnalysis() {}

  /** Analyses the lines for {@code vip} asked by {@code proberIp}. */
  public static Result analyse(List<String> lines, String vip, String proberIp) {
    int requests = 0;
    int replies = 0;
    int split = 0;
    List<String> why = new ArrayList<>();
    List<String> order = new ArrayList<>(); // answerers in order of taking over
    Set<String> window = new LinkedHashSet<>();
    String windowStart = "";
    for (String line : lines) {
      Matcher q = REQUEST.matcher(line);
      if (q.find() && q.group(2).equals(vip) && q.group(3).equals(proberIp)) {
        if (window.size() > 1) {
          split++;
          why.add("two answerers " + window + " after request at " + windowStart);
        }
        window.clear();
        windowStart = q.group(1);
        requests++;
        continue;
      }
      Matcher r = REPLY.matcher(line);
      if (r.find() && r.group(2).equals(vip)) {
        replies++;
        String mac = r.group(3);
        window.add(mac);
        if (order.isEmpty() || !order.get(order.size() - 1).equals(mac)) {
          order.add(mac);
        }
      }
    }
    if (window.size() > 1) {
      split++;
      why.add("two answerers " + window + " after request at " + windowStart);
    }
    return new Result(requests, replies, order, split, why);
  }
}
