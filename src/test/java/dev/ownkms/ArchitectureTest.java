package dev.ownkms;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The layer arrows of DESIGN.md: protocol -> api -> domain; storage implements domain's tables. */
@AnalyzeClasses(packages = "dev.ownkms", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
      .layer("Assembly").definedBy("dev.ownkms", "dev.ownkms.cli..")
      .layer("Protocol").definedBy("dev.ownkms.protocol..")
      .layer("Api").definedBy("dev.ownkms.api..")
      .layer("Domain").definedBy("dev.ownkms.domain..")
      .layer("Storage").definedBy("dev.ownkms.storage..")
      .layer("Errors").definedBy("dev.ownkms.error..")
      .whereLayer("Assembly").mayNotBeAccessedByAnyLayer()
      .whereLayer("Protocol").mayOnlyBeAccessedByLayers("Assembly")
      .whereLayer("Api").mayOnlyBeAccessedByLayers("Assembly", "Protocol")
      .whereLayer("Storage").mayOnlyBeAccessedByLayers("Assembly")
      .whereLayer("Domain").mayOnlyBeAccessedByLayers("Assembly", "Protocol", "Api", "Storage");

  @ArchTest
  static final ArchRule domainKnowsNoHttpJsonOrSql = noClasses().that()
      .resideInAPackage("dev.ownkms.domain..")
      .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "com.fasterxml..",
          "java.sql..", "javax.sql..");

  @ArchTest
  static final ArchRule onlyProtocolKnowsHttp = noClasses().that()
      .resideOutsideOfPackages("dev.ownkms.protocol..", "dev.ownkms")
      .should().dependOnClassesThat().resideInAPackage("io.netty..");
}
