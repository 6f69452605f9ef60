package dev.ownkms.keystore;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
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

  /**
   * Strict UTF-8: {@code String.getBytes} would turn a lone surrogate into {@code ?}, giving two
   * different contexts one encoding. The API layer refuses such strings before they get here.
   */
  private static byte[] utf8(String s) {
    try {
      ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(s));
      byte[] bytes = new byte[encoded.remaining()];
      encoded.get(bytes);
      return bytes;
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("encryption context is not well-formed Unicode", e);
    }
  }

  /** Whether every key and value is present and well-formed Unicode (no lone surrogates). */
  public static boolean wellFormed(Map<String, String> context) {
    if (context == null) {
      return true;
    }
    for (Map.Entry<String, String> pair : context.entrySet()) {
      if (pair.getKey() == null || pair.getValue() == null
          || !wellFormed(pair.getKey()) || !wellFormed(pair.getValue())) {
        return false;
      }
    }
    return true;
  }

  private static boolean wellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private static void writeInt(ByteArrayOutputStream out, int value) {
    out.write(value >>> 24);
    out.write(value >>> 16);
    out.write(value >>> 8);
    out.write(value);
  }
}
