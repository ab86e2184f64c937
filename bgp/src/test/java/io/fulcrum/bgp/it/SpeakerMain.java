package io.fulcrum.bgp.it;

import io.fulcrum.bgp.BgpSpeaker;
import io.fulcrum.bgp.PeerConfig;
import io.fulcrum.bgp.PeerStatus;
import io.fulcrum.bgp.RouteAttributes;
import io.fulcrum.bgp.SpeakerConfig;
import io.fulcrum.bgp.codec.IpPrefix;
import io.fulcrum.bgp.codec.PathAttributes;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A speaker run as its own process inside a test namespace (a JVM cannot move into a namespace).
 * Driven by one-line commands on stdin; answers "OK", "ERR ..." or data lines ending in "END"; also
 * prints "SESSION <peer> UP|DOWN <reason>" events. Commands:
 *
 * <pre>
 * speaker AS ROUTER_ID LISTEN_PORT GR_TIME RESTARTING
 * peer ADDRESS AS [port= md5= ttl= hold= keepalive= passive= families=4,6 nh4= nh6= local= bfd=tx/rx/mult]
 * announce PREFIX [nh= med= lp= comm=a:b,c:d lcomm=a:b:c,...]
 * announce-range FIRST_IPV4 COUNT [attributes as for announce]
 * withdraw PREFIX | withdraw-range FIRST_IPV4 COUNT
 * status | metrics | close | close-for-restart
 * </pre>
 */
public final class SpeakerMain {
  private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);
  private static BgpSpeaker speaker;
  private static final PrometheusMeterRegistry REGISTRY =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  private SpeakerMain() {}

  public static void main(String[] args) throws Exception {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    OUT.println("READY");
    String line;
    while ((line = in.readLine()) != null) {
      line = line.trim();
      if (line.isEmpty()) {
        continue;
      }
      try {
        if (!handle(line.split("\\s+"))) {
          break;
        }
      } catch (RuntimeException e) {
        OUT.println("ERR " + e);
      }
    }
    if (speaker != null) {
      speaker.close();
    }
    System.exit(0);
  }

  private static synchronized void println(String s) {
    OUT.println(s);
  }

  private static boolean handle(String[] a) throws Exception {
    Map<String, String> kv = options(a);
    switch (a[0]) {
      case "speaker" -> {
        SpeakerConfig c =
            SpeakerConfig.of(Long.parseLong(a[1]), InetAddress.getByName(a[2]))
                .withListen(null, Integer.parseInt(a[3]))
                .withGracefulRestart(Integer.parseInt(a[4]), Boolean.parseBoolean(a[5]));
        speaker = new BgpSpeaker(c, REGISTRY);
        speaker.addListener(
            (peer, up, why) ->
                println("SESSION " + peer.getHostAddress() + (up ? " UP " : " DOWN ") + why));
        speaker.start();
      }
      case "peer" -> speaker.addPeer(peer(a, kv));
      case "announce" -> speaker.announce(IpPrefix.parse(a[1]), attributes(kv));
      case "withdraw" -> speaker.withdraw(IpPrefix.parse(a[1]));
      case "announce-range" -> {
        RouteAttributes r = attributes(kv);
        for (IpPrefix p : range(a[1], Integer.parseInt(a[2]))) {
          speaker.announce(p, r);
        }
      }
      case "withdraw-range" -> {
        for (IpPrefix p : range(a[1], Integer.parseInt(a[2]))) {
          speaker.withdraw(p);
        }
      }
      case "status" -> {
        for (PeerStatus s : speaker.status()) {
          println(
              "STATUS "
                  + s.address().getHostAddress()
                  + " "
                  + s.state()
                  + " advertised="
                  + s.prefixesAdvertised()
                  + " bfd="
                  + s.bfdState()
                  + " updatesSent="
                  + s.updatesSent()
                  + " lastError="
                  + s.lastError().replace(' ', '_'));
        }
        println("END");
        return true;
      }
      case "metrics" -> {
        for (String l : REGISTRY.scrape().split("\n")) {
          if (l.startsWith("fulcrum_")) {
            println("METRIC " + l);
          }
        }
        println("END");
        return true;
      }
      case "close" -> {
        speaker.close();
        speaker = null;
        println("OK");
        return false;
      }
      case "close-for-restart" -> {
        speaker.closeForRestart();
        speaker = null;
        println("OK");
        return false;
      }
      default -> throw new IllegalArgumentException("unknown command " + a[0]);
    }
    println("OK");
    return true;
  }

  private static Map<String, String> options(String[] a) {
    Map<String, String> kv = new HashMap<>();
    for (String s : a) {
      int eq = s.indexOf('=');
      if (eq > 0) {
        kv.put(s.substring(0, eq), s.substring(eq + 1));
      }
    }
    return kv;
  }

  private static PeerConfig peer(String[] a, Map<String, String> kv) throws Exception {
    PeerConfig p = PeerConfig.of(InetAddress.getByName(a[1]), Long.parseLong(a[2]));
    if (kv.containsKey("port")) {
      p = p.withPort(Integer.parseInt(kv.get("port")));
    }
    if (kv.containsKey("md5")) {
      p = p.withMd5Password(kv.get("md5"));
    }
    if (kv.containsKey("ttl")) {
      p = p.withTtl(Integer.parseInt(kv.get("ttl")));
    }
    int hold = Integer.parseInt(kv.getOrDefault("hold", "9"));
    int keepalive = Integer.parseInt(kv.getOrDefault("keepalive", "3"));
    p = p.withTimers(hold, keepalive, Integer.parseInt(kv.getOrDefault("retry", "1")));
    p = p.withPassive(Boolean.parseBoolean(kv.getOrDefault("passive", "false")));
    if (kv.containsKey("families")) {
      List<Integer> f = new ArrayList<>();
      for (String s : kv.get("families").split(",")) {
        f.add(s.equals("6") ? 2 : 1);
      }
      p = p.withFamilies(f);
    }
    p =
        p.withNextHops(
            kv.containsKey("nh4") ? InetAddress.getByName(kv.get("nh4")) : null,
            kv.containsKey("nh6") ? InetAddress.getByName(kv.get("nh6")) : null);
    if (kv.containsKey("local")) {
      p = p.withLocalAddress(InetAddress.getByName(kv.get("local")));
    }
    if (kv.containsKey("bfd")) {
      int[] b = Arrays.stream(kv.get("bfd").split("/")).mapToInt(Integer::parseInt).toArray();
      p = p.withBfd(new PeerConfig.BfdConfig(b[0], b[1], b[2]));
    }
    return p;
  }

  private static RouteAttributes attributes(Map<String, String> kv) throws Exception {
    RouteAttributes r = RouteAttributes.DEFAULT;
    if (kv.containsKey("nh")) {
      r = r.withNextHop(InetAddress.getByName(kv.get("nh")));
    }
    if (kv.containsKey("med")) {
      r = r.withMed(Long.parseLong(kv.get("med")));
    }
    if (kv.containsKey("lp")) {
      r = r.withLocalPref(Long.parseLong(kv.get("lp")));
    }
    if (kv.containsKey("comm")) {
      List<Long> c = new ArrayList<>();
      for (String s : kv.get("comm").split(",")) {
        c.add(PathAttributes.parseCommunity(s));
      }
      r = r.withCommunities(c);
    }
    if (kv.containsKey("lcomm")) {
      List<PathAttributes.LargeCommunity> c = new ArrayList<>();
      for (String s : kv.get("lcomm").split(",")) {
        c.add(PathAttributes.LargeCommunity.parse(s));
      }
      r = r.withLargeCommunities(c);
    }
    return r;
  }

  static List<IpPrefix> range(String first, int count) throws Exception {
    byte[] b = InetAddress.getByName(first).getAddress();
    long base =
        ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xff);
    List<IpPrefix> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long v = base + i;
      byte[] x = {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
      out.add(new IpPrefix(InetAddress.getByAddress(x), 32));
    }
    return out;
  }
}
