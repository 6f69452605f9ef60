package dev.ownkms.xksproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XksProxyConfigFileTest {

  static final String TOML = """
      [server]
      listen = "127.0.0.1:8443"
      uri_prefix = "/example/prefix"
      regions = ["us-east-1"]
      [tls]
      certificate = "server.pem"
      private_key = "server.key"
      client_ca = "ca.pem"
      [[credentials]]
      access_key_id = "BETWEEN2TENAND3TENCHARACTERS"
      secret_access_key = "PleaseReplaceThisWithSomeSecretOfLength43To64"
      [[credentials]]
      access_key_id = "SECONDACCESSKEYID234567AB"
      secret_access_key = "AnotherSecretOfLength43To64CharactersForTests"
      [pkcs11]
      softhsm_dir = "softhsm"
      token_label = "xks-proxy"
      pin_env = "PIN"
      [[keys]]
      id = "foo"
      usage = "encrypt-only"
      principals = ["arn:aws:iam::111122223333:*"]
      """;

  @TempDir Path dir;

  XksProxyConfig load(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return XksProxyConfigFile.load(file, Map.of("PIN", "1234")::get);
  }

  @Test
  void toml_readsEverySection() throws Exception {
    XksProxyConfig config = load("p.toml", TOML);
    assertThat(config.uriPath()).isEqualTo("/example/prefix/kms/xks/v1");
    assertThat(config.listen().getPort()).isEqualTo(8443);
    assertThat(config.credentials()).hasSize(2);
    assertThat(config.tls().orElseThrow().clientCa()).contains(dir.resolve("ca.pem"));
    assertThat(config.token().softHsmDirectory()).contains(dir.resolve("softhsm"));
    assertThat(config.token().pin().revealUtf8()).isEqualTo("1234");
    assertThat(config.keyRules().get("foo").usage()).isEqualTo(KeyUsage.ENCRYPT_ONLY);
    assertThat(config.regions()).containsExactly("us-east-1");
    assertThat(config.toString()).doesNotContain("PleaseReplace", "1234");
  }

  @Test
  void yaml_readsTheSameSettings() throws Exception {
    XksProxyConfig config = load("p.yaml", """
        server: {listen: "127.0.0.1:0", uri_prefix: "/p"}
        credentials:
          - {access_key_id: BETWEEN2TENAND3TENCHARACTERS, secret_access_key: PleaseReplaceThisWithSomeSecretOfLength43To64}
        pkcs11: {library: /usr/lib/softhsm/libsofthsm2.so, token_label: t, pin: "1"}
        """);
    assertThat(config.tls()).isEmpty();
    assertThat(config.token().library()).isPresent();
    assertThat(config.uriPath()).isEqualTo("/p/kms/xks/v1");
  }

  @Test
  void unknownSetting_isRefusedByName() {
    assertThatThrownBy(() -> load("p.toml", TOML.replace("regions", "region")))
        .hasMessageContaining("unknown setting server.region");
  }

  @Test
  void accessKeyIdOutsideTheSpecAlphabet_isRefused() {
    assertThatThrownBy(() -> load("p.toml", TOML.replace("BETWEEN2TEN", "between0ten")))
        .hasMessageContaining("access_key_id must be 20 to 30 characters of A-Z and 2-7");
  }

  @Test
  void shortSecret_isRefusedWithoutEchoingIt() {
    assertThatThrownBy(() -> load("p.toml", TOML.replace(
        "PleaseReplaceThisWithSomeSecretOfLength43To64", "tooShort")))
        .hasMessageContaining("43 to 64").hasMessageNotContaining("tooShort");
  }

  @Test
  void prefixWithTrailingSlash_isRefused() {
    assertThatThrownBy(() -> load("p.toml", TOML.replace("/example/prefix", "/example/")))
        .hasMessageContaining("server.uri_prefix");
  }
}
