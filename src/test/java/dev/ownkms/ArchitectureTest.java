package dev.ownkms;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layer arrows of DESIGN.md: protocol -> api -> domain -> keystore; storage implements the
 * domain's tables; pkcs11 serves the keystore through the assembly. The XKS proxy (xksproxy) is a
 * second product beside the server: it uses pkcs11 (tokens), protocol's SigV4 verifier, the
 * domain's Secret and the XKS integrity value it shares with the XKS caller (keystore/xks), and
 * only the command line reaches it.
 */
@AnalyzeClasses(packages = "dev.ownkms", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
      .layer("Assembly").definedBy("dev.ownkms", "dev.ownkms.cli..")
      .layer("Protocol").definedBy("dev.ownkms.protocol..")
      .layer("Api").definedBy("dev.ownkms.api..")
      .layer("Domain").definedBy("dev.ownkms.domain..")
      .layer("Keystore").definedBy("dev.ownkms.keystore..")
      .layer("Pkcs11").definedBy("dev.ownkms.pkcs11..")
      .layer("Storage").definedBy("dev.ownkms.storage..")
      .layer("Errors").definedBy("dev.ownkms.error..")
      .layer("XksProxy").definedBy("dev.ownkms.xksproxy..")
      .whereLayer("XksProxy").mayOnlyBeAccessedByLayers("Assembly")
      .whereLayer("Assembly").mayNotBeAccessedByAnyLayer()
      .whereLayer("Protocol").mayOnlyBeAccessedByLayers("Assembly", "XksProxy")
      .whereLayer("Api").mayOnlyBeAccessedByLayers("Assembly", "Protocol")
      .whereLayer("Storage").mayOnlyBeAccessedByLayers("Assembly")
      .whereLayer("Keystore")
      .mayOnlyBeAccessedByLayers("Assembly", "Domain", "Pkcs11", "XksProxy")
      .whereLayer("Pkcs11").mayOnlyBeAccessedByLayers("Assembly", "XksProxy")
      .whereLayer("Domain")
      .mayOnlyBeAccessedByLayers("Assembly", "Protocol", "Api", "Storage", "Pkcs11", "XksProxy");

  /**
   * The proxy reaches the server's protocol layer for SigV4 and the shared Netty set-up only,
   * never its KMS handling, and the keystore for the spec's integrity value only (one computation
   * for both XKS sides).
   */
  @ArchTest
  static final ArchRule xksProxyUsesOnlySigV4FromProtocol = noClasses().that()
      .resideInAPackage("dev.ownkms.xksproxy..")
      .should().dependOnClassesThat().resideInAnyPackage("dev.ownkms.protocol",
          "dev.ownkms.api..", "dev.ownkms.storage..");

  @ArchTest
  static final ArchRule xksProxyUsesOnlyTheIntegrityValueFromKeystore = noClasses().that()
      .resideInAPackage("dev.ownkms.xksproxy..")
      .should().dependOnClassesThat(resideInAPackage("dev.ownkms.keystore..")
          .and(not(name("dev.ownkms.keystore.xks.IntegrityValue"))));

  @ArchTest
  static final ArchRule domainKnowsNoHttpJsonOrSql = noClasses().that()
      .resideInAPackage("dev.ownkms.domain..")
      .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "com.fasterxml..",
          "java.sql..", "javax.sql..");

  @ArchTest
  static final ArchRule onlyProtocolKnowsHttp = noClasses().that()
      .resideOutsideOfPackages("dev.ownkms.protocol..", "dev.ownkms", "dev.ownkms.xksproxy..")
      .should().dependOnClassesThat().resideInAPackage("io.netty..");
}
