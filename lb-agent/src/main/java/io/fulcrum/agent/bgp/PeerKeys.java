package io.fulcrum.agent.bgp;

import io.fulcrum.agent.config.BgpSection;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

/** Reads the peers' TCP MD5 keys from their password files (trailing line breaks dropped). */
final class PeerKeys {
  private PeerKeys() {}

  /** The key of each peer that has a password file; a missing or bad file stops the start. */
  static Map<InetAddress, String> read(BgpSection cfg) {
    Map<InetAddress, String> out = new HashMap<>();
    for (int i = 0; i < cfg.peers().size(); i++) {
      BgpSection.Peer p = cfg.peers().get(i);
      if (p.passwordFile() == null) {
        continue;
      }
      String field = "bgp.peers[" + i + "].passwordFile";
      String key;
      try {
        key = Files.readString(p.passwordFile(), StandardCharsets.US_ASCII).strip();
      } catch (IOException | RuntimeException e) {
        throw new IllegalStateException(
            field + ": cannot read " + p.passwordFile() + " (" + e.getMessage() + ")", e);
      }
      if (key.isEmpty() || key.length() > 80) {
        throw new IllegalStateException(
            field + ": " + p.passwordFile() + " must hold a key of 1 to 80 ASCII characters");
      }
      out.put(p.address(), key);
    }
    return out;
  }
}
