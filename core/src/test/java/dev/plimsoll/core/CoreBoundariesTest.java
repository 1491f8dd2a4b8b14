package dev.plimsoll.core;

import dev.plimsoll.core.archfixture.UsesJdbc;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/** Executable module boundaries (see ARCHITECTURE.md, "Modules"). */
class CoreBoundariesTest {

    private static final JavaClasses CLASSES =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("dev.plimsoll.core");

    static final ArchRule CORE_IS_FRAMEWORK_FREE =
            noClasses()
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(
                            "org.apache.kafka..",
                            "org.apache.flink..",
                            "io.micronaut..",
                            "jakarta.inject..",
                            "java.sql..",
                            "javax.sql..",
                            "com.clickhouse..",
                            "io.netty..",
                            "org.slf4j..")
                    .because(
                            "core is the framework-free domain; adapters depend on it, not the"
                                    + " reverse");

    @Test
    void coreIsFrameworkFree() {
        CORE_IS_FRAMEWORK_FREE.check(CLASSES);
    }

    @Test
    void theRuleFlagsAClassThatUsesJdbc() {
        JavaClasses fixture = new ClassFileImporter().importClasses(UsesJdbc.class);

        assertThat(CORE_IS_FRAMEWORK_FREE.evaluate(fixture).hasViolation()).isTrue();
    }

    @Test
    void coreDoesNotDependOnAnyOtherModule() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.plimsoll.infra..",
                        "dev.plimsoll.ingest..",
                        "dev.plimsoll.streams..",
                        "dev.plimsoll.cost..",
                        "dev.plimsoll.queryapi..",
                        "dev.plimsoll.read..",
                        "dev.plimsoll.notify..",
                        "dev.plimsoll.app..")
                .check(CLASSES);
    }
}
