package dev.plimsoll.notify;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Executable module boundaries (see ARCHITECTURE.md, "Modules"). */
class NotifyBoundariesTest {

    private static final JavaClasses CLASSES =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("dev.plimsoll.notify");

    @Test
    void adaptersDoNotImportEachOther() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.plimsoll.ingest..",
                        "dev.plimsoll.streams..",
                        "dev.plimsoll.queryapi..",
                        "dev.plimsoll.alerts..",
                        "dev.plimsoll.read..",
                        "dev.plimsoll.cost..",
                        "dev.plimsoll.app..")
                .because("adapters meet only in core types, Kafka topics and ClickHouse tables")
                .check(CLASSES);
    }

    @Test
    void productionCodeDoesNotUseTestInfrastructure() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.plimsoll.infra..", "org.junit..", "org.testcontainers..")
                .check(CLASSES);
    }

    @Test
    void formatsAndTheGuardAreFrameworkFreeAndConnectNothing() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "dev.plimsoll.notify.format..",
                        "dev.plimsoll.notify.ssrf..",
                        "dev.plimsoll.notify.model..",
                        "dev.plimsoll.notify.contact..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.micronaut..",
                        "org.apache.kafka..",
                        "org.apache.hc..",
                        "java.net.http..",
                        "dev.plimsoll.notify.delivery..",
                        "dev.plimsoll.notify.kafka..")
                .because(
                        "channels only render and classify; delivery guarantees live in the shared"
                                + " stages")
                .check(CLASSES);
    }
}
