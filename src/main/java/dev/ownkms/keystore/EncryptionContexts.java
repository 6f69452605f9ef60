package dev.ownkms.keystore;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canonical bytes of an encryption context, used as authenticated data: pairs sorted by the
 * UTF-8 bytes of their keys, each written as length-prefixed key and value, so the order in
 * which a client sends the pairs never matters and no two contexts share an encoding. An absent
 * context and an empty one are the same.
 */
public final class EncryptionContexts {

  private EncryptionContexts() { }

  public static byte[] canonical(Map<String, String> context) {
    if (context == null || context.isEmpty()) {
      return new byte[] {0, 0, 0, 0};
    }
    TreeMap<byte[], byte[]> sorted = new TreeMap<>(Arrays::compareUnsigned);
    context.forEach((k, v) -> sorted.put(utf8(k), utf8(v)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeInt(out, sorted.size());
    sorted.forEach((k, v) -> {
      writeInt(out, k.length);
      out.writeBytes(k);
      writeInt(out, v.length);
      out.writeBytes(v);
    });
    return out.toByteArray();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void writeInt(ByteArrayOutputStream out, int value) {
    out.write(value >>> 24);
    out.write(value >>> 16);
    out.write(value >>> 8);
    out.write(value);
  }
}
