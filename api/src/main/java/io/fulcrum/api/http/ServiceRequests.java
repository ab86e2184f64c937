package io.fulcrum.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.api.port.BackendDefinition;
import io.fulcrum.api.port.NatMode;
import io.fulcrum.api.port.Protocol;
import io.fulcrum.api.port.ServiceDefinition;
import io.fulcrum.api.port.Violation;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Turns a service request body into a {@link ServiceDefinition}, or names every rule broken. */
final class ServiceRequests {
  private ServiceRequests() {}

  static final int MAX_BACKENDS = 1024;
  static final int MAX_AFFINITY_SECONDS = 86_400;
  static final int MAX_MAGLEV_TABLE = 131_071;
  static final int MAX_NAME_LENGTH = 253;

  /** DNS subdomain: dot-separated labels of [a-z0-9-], no leading/trailing '-'. */
  private static final Pattern NAME =
      Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

  private static final Set<String> FIELDS =
      Set.of(
          "name",
          "vip",
          "port",
          "protocol",
          "mode",
          "affinityTimeoutSeconds",
          "maglevTableSize",
          "backends");
  private static final Set<String> BACKEND_FIELDS = Set.of("address", "port", "weight");

  /** Checks a service name (from a path or a body); empty when it is valid. */
  static Optional<Violation> nameViolation(String field, String name) {
    if (name.length() > MAX_NAME_LENGTH) {
      return Optional.of(
          new Violation(
              field,
              Rules.MAX_LENGTH,
              field + " must be at most " + MAX_NAME_LENGTH + " characters"));
    }
    if (!NAME.matcher(name).matches()) {
      return Optional.of(
          new Violation(
              field,
              Rules.PATTERN,
              field
                  + " must be lower-case letters, digits and '-' in dot-separated labels"
                  + " (a DNS subdomain), was '"
                  + Sanitize.forMessage(name)
                  + "'"));
    }
    return Optional.empty();
  }

  /**
   * Reads a service body. {@code pathName} is the name from the URL for PUT (the body's name is
   * then optional and must match); null for POST (the body's name is required).
   */
  static ServiceDefinition read(JsonNode body, String pathName) {
    List<Violation> v = new ArrayList<>();
    ObjectNode o = FieldReader.object(body, "", v);
    if (o == null) {
      throw ProblemException.invalid(v);
    }
    FieldReader r = new FieldReader(o, "", v, FIELDS);
    Optional<String> name = r.string("name", pathName == null, MAX_NAME_LENGTH + 1);
    name.flatMap(n -> nameViolation("name", n)).ifPresent(v::add);
    if (pathName != null && name.isPresent() && !name.get().equals(pathName)) {
      v.add(
          new Violation(
              "name",
              Rules.MATCHES_PATH,
              "name in the body ('"
                  + Sanitize.forMessage(name.get())
                  + "') must match the name in the path ('"
                  + pathName
                  + "')"));
    }
    Optional<InetAddress> vip = address(r, "vip", v);
    Optional<Long> port = r.integer("port", true, 1, 65535);
    Optional<Protocol> proto =
        r.oneOf("protocol", false, Protocol::parse, List.of("tcp", "udp", "sctp"));
    Optional<NatMode> mode = r.oneOf("mode", false, NatMode::parse, List.of("fullnat", "dnat"));
    Optional<Long> affinity = r.integer("affinityTimeoutSeconds", false, 0, MAX_AFFINITY_SECONDS);
    Optional<Long> maglev = r.integer("maglevTableSize", false, 0, MAX_MAGLEV_TABLE);
    if (maglev.isPresent() && maglev.get() != 0 && !isPrime(maglev.get())) {
      v.add(
          new Violation(
              "maglevTableSize",
              Rules.PRIME,
              "maglevTableSize must be 0 (automatic) or a prime, was " + maglev.get()));
    }
    List<BackendDefinition> backends = new ArrayList<>();
    Optional<List<JsonNode>> items = r.array("backends", false, MAX_BACKENDS);
    Set<String> seen = new HashSet<>();
    for (int i = 0; items.isPresent() && i < items.get().size(); i++) {
      String prefix = "backends[" + i + "]";
      ObjectNode bo = FieldReader.object(items.get().get(i), prefix, v);
      if (bo == null) {
        continue;
      }
      FieldReader br = new FieldReader(bo, prefix, v, BACKEND_FIELDS);
      Optional<InetAddress> addr = address(br, "address", v);
      Optional<Long> bport = br.integer("port", true, 1, 65535);
      Optional<Long> weight = br.integer("weight", false, 0, 65535);
      if (addr.isPresent() && vip.isPresent() && family(addr.get()) != family(vip.get())) {
        v.add(
            new Violation(
                prefix + ".address",
                Rules.SAME_FAMILY,
                prefix + ".address must be of the same IP family as the vip"));
      }
      if (addr.isPresent() && bport.isPresent()) {
        BackendDefinition b =
            new BackendDefinition(
                IpAddresses.canonical(addr.get()),
                bport.get().intValue(),
                weight.orElse(1L).intValue());
        if (!seen.add(b.id())) {
          v.add(
              new Violation(
                  prefix,
                  Rules.UNIQUE,
                  prefix + " repeats backend " + b.id() + " of this service"));
        }
        backends.add(b);
      }
    }
    if (!v.isEmpty()) {
      throw ProblemException.invalid(v);
    }
    return new ServiceDefinition(
        pathName != null ? pathName : name.orElseThrow(),
        IpAddresses.canonical(vip.orElseThrow()),
        port.orElseThrow().intValue(),
        proto.orElse(Protocol.TCP),
        mode.orElse(NatMode.FULL_NAT),
        affinity.orElse(0L).intValue(),
        maglev.orElse(0L).intValue(),
        backends);
  }

  private static Optional<InetAddress> address(FieldReader r, String f, List<Violation> v) {
    Optional<String> s = r.string(f, true, 64);
    if (s.isEmpty()) {
      return Optional.empty();
    }
    Optional<InetAddress> a = IpAddresses.parse(s.get());
    if (a.isEmpty()) {
      v.add(
          new Violation(
              r.path(f),
              Rules.IP_ADDRESS,
              r.path(f)
                  + " must be an IPv4 or IPv6 address literal, was '"
                  + Sanitize.forMessage(s.get())
                  + "'"));
      return Optional.empty();
    }
    if (!IpAddresses.unicast(a.get())) {
      v.add(
          new Violation(
              r.path(f),
              Rules.IP_ADDRESS,
              r.path(f) + " must be a unicast address, was " + s.get()));
      return Optional.empty();
    }
    return a;
  }

  private static int family(InetAddress a) {
    return a instanceof Inet4Address ? 4 : 6;
  }

  static boolean isPrime(long n) {
    if (n < 2) {
      return false;
    }
    for (long d = 2; d * d <= n; d++) {
      if (n % d == 0) {
        return false;
      }
    }
    return true;
  }
}
