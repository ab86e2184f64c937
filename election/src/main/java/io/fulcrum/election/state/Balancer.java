package io.fulcrum.election.state;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Spreads VIPs over nodes, moving as few as possible. Pure and deterministic.
 *
 * <ol>
 *   <li>A VIP keeps its owner while the owner may keep it ({@code keep}: ready and not declared
 *       dead).
 *   <li>Every other VIP, in VIP order, goes to the eligible node ({@code targets}: ready and alive)
 *       with the fewest VIPs. Ties: a node that is not the leader first (the leader carries VIPs
 *       last, so losing the leader and a VIP owner at once is rarer), then the highest rendezvous
 *       score {@code fnv1a64(vip + "|" + node) >>> 1}, then the smallest node id.
 *   <li>Then, only while the most loaded eligible node has at least two more VIPs than the least
 *       loaded one, one VIP moves from the former to the latter (the one that scores highest for
 *       the receiver). A node that joins therefore takes VIPs only when the spread is off by two or
 *       more, and a node coming back does not pull its old VIPs back.
 * </ol>
 *
 * <p>A VIP listed in {@code allowed} (e.g. a Kubernetes Service with {@code externalTrafficPolicy:
 * Local}) may only be kept by, given to or moved to the nodes listed for it; with none it has no
 * owner.
 */
public final class Balancer {
  private Balancer() {}

  /**
   * Returns the owner of every VIP ("" when no node can take it).
   *
   * @param vips the VIPs to place
   * @param current current owners (VIPs missing here are unowned)
   * @param keep nodes that may keep the VIPs they have
   * @param targets nodes that may receive VIPs
   * @param leader the current leader's id ("" if none)
   */
  public static SortedMap<String, String> place(
      Set<String> vips,
      Map<String, String> current,
      Set<String> keep,
      Set<String> targets,
      String leader) {
    return place(vips, current, keep, targets, leader, Map.of());
  }

  /**
   * As {@link #place(Set, Map, Set, Set, String)}, with eligibility per VIP.
   *
   * @param allowed per restricted VIP, the only nodes that may own it; a VIP absent is unrestricted
   */
  public static SortedMap<String, String> place(
      Set<String> vips,
      Map<String, String> current,
      Set<String> keep,
      Set<String> targets,
      String leader,
      Map<String, Set<String>> allowed) {
    TreeMap<String, String> result = new TreeMap<>();
    TreeMap<String, TreeSet<String>> byNode = new TreeMap<>();
    for (String n : targets) {
      byNode.put(n, new TreeSet<>());
    }
    List<String> orphans = new ArrayList<>();
    for (String vip : new TreeSet<>(vips)) {
      String owner = current.getOrDefault(vip, "");
      if (!owner.isEmpty()
          && (keep.contains(owner) || targets.contains(owner))
          && may(allowed, vip, owner)) {
        result.put(vip, owner);
        byNode.computeIfAbsent(owner, k -> new TreeSet<>()).add(vip);
      } else {
        orphans.add(vip);
      }
    }
    for (String vip : orphans) {
      String best = null;
      for (String n : new TreeSet<>(targets)) {
        if (!may(allowed, vip, n)) {
          continue;
        }
        if (best == null || better(vip, n, best, byNode, leader)) {
          best = n;
        }
      }
      result.put(vip, best == null ? "" : best);
      if (best != null) {
        byNode.get(best).add(vip);
      }
    }
    rebalance(result, byNode, new TreeSet<>(targets), leader, allowed);
    return result;
  }

  private static boolean may(Map<String, Set<String>> allowed, String vip, String node) {
    Set<String> nodes = allowed.get(vip);
    return nodes == null || nodes.contains(node);
  }

  private static void rebalance(
      TreeMap<String, String> result,
      TreeMap<String, TreeSet<String>> byNode,
      SortedSet<String> targets,
      String leader,
      Map<String, Set<String>> allowed) {
    if (targets.size() < 2) {
      return;
    }
    int guard = result.size() + 1;
    while (guard-- > 0) {
      String donor = null;
      String receiver = null;
      for (String n : targets) {
        int load = byNode.get(n).size();
        if (donor == null
            || load > byNode.get(donor).size()
            || (load == byNode.get(donor).size() && n.equals(leader))) {
          donor = n;
        }
        if (receiver == null
            || load < byNode.get(receiver).size()
            || (load == byNode.get(receiver).size() && receiver.equals(leader))) {
          receiver = n;
        }
      }
      if (byNode.get(donor).size() - byNode.get(receiver).size() < 2) {
        return;
      }
      final String to = receiver;
      String vip =
          byNode.get(donor).stream()
              .filter(v -> may(allowed, v, to))
              .max(
                  Comparator.comparingLong((String v) -> score(v, to))
                      .thenComparing(Comparator.reverseOrder()))
              .orElse(null);
      if (vip == null) {
        return; // nothing the donor holds may go to the receiver
      }
      byNode.get(donor).remove(vip);
      byNode.get(receiver).add(vip);
      result.put(vip, receiver);
    }
  }

  private static boolean better(
      String vip, String a, String b, Map<String, TreeSet<String>> byNode, String leader) {
    int la = byNode.get(a).size();
    int lb = byNode.get(b).size();
    if (la != lb) {
      return la < lb;
    }
    boolean aLeader = a.equals(leader);
    boolean bLeader = b.equals(leader);
    if (aLeader != bLeader) {
      return !aLeader;
    }
    long sa = score(vip, a);
    long sb = score(vip, b);
    if (sa != sb) {
      return sa > sb;
    }
    return a.compareTo(b) < 0;
  }

  /**
   * The rendezvous score of a VIP on a node: FNV-1a 64 of {@code vip|node}, shifted right by one.
   */
  static long score(String vip, String node) {
    long h = 0xcbf29ce484222325L;
    for (byte b : (vip + "|" + node).getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h >>> 1; // non-negative, so signed comparisons order it
  }
}
