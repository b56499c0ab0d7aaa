package io.skyroute.house;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The house's structure as docs/architecture (the README's layout) describes it, checked on the compiled
 * classes: rooms without import cycles, a pure photometry library, a pipeline room that knows only the
 * configuration, rooms that talk through hand-offs rather than to each other.
 */
class HouseRulesTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.skyroute");
    }

    @Test
    void noRoomImportsInACircle() {
        slices().matching("io.skyroute.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void noSubRoomImportsInACircle() {
        slices().matching("io.skyroute.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void photometryIsAPureLibrary() {
        noClasses().that().resideInAPackage("io.skyroute.photometry..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.camel..", "jakarta.persistence..", "org.hibernate..",
                        "io.skyroute.config..", "io.skyroute.pipeline..", "io.skyroute.ledger..", "io.skyroute.ops..", "io.skyroute.sources..",
                        "io.skyroute.sorting..", "io.skyroute.reduction..", "io.skyroute.tom..", "io.skyroute.app..", "io.skyroute.cli..")
                .check(classes);
    }

    @Test
    void analysisScienceIsPureToo() {
        noClasses().that().resideInAnyPackage("io.skyroute.analysis.lightcurve..", "io.skyroute.analysis.periodogram..",
                        "io.skyroute.analysis.stats..", "io.skyroute.analysis.events..", "io.skyroute.analysis.science..",
                        "io.skyroute.analysis.pages..", "io.skyroute.timetag.events..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.camel..", "jakarta.persistence..", "org.hibernate..",
                        "io.skyroute.ledger..", "io.skyroute.ops..", "io.skyroute.app..", "io.skyroute.cli..", "io.skyroute.sources..",
                        "io.skyroute.sorting..", "io.skyroute.reduction..", "io.skyroute.tom..", "io.skyroute.pipeline..")
                .check(classes);
        noClasses().that().resideInAnyPackage("io.skyroute.analysis..", "io.skyroute.timetag..")
                .should().dependOnClassesThat().resideInAnyPackage("io.skyroute.tom..", "io.skyroute.reduction..", "io.skyroute.sorting..",
                        "io.skyroute.sources..", "io.skyroute.app..", "io.skyroute.cli..")
                .check(classes);
        // the survey room drives its adapters (sources.surveys) and hands lightcurves on like reduction does
        noClasses().that().resideInAPackage("io.skyroute.survey..")
                .should().dependOnClassesThat().resideInAnyPackage("io.skyroute.tom..", "io.skyroute.reduction..", "io.skyroute.sorting..",
                        "io.skyroute.app..", "io.skyroute.cli..")
                .check(classes);
    }

    @Test
    void theConfigurationAndPipelineRoomsStandOnNothingElse() {
        noClasses().that().resideInAPackage("io.skyroute.config..")
                .should().dependOnClassesThat().resideInAnyPackage("io.skyroute.pipeline..", "io.skyroute.ledger..", "io.skyroute.ops..",
                        "io.skyroute.sources..", "io.skyroute.sorting..", "io.skyroute.reduction..", "io.skyroute.tom..", "io.skyroute.app..",
                        "io.skyroute.cli..", "io.skyroute.photometry..", "org.apache.camel..", "jakarta.persistence..")
                .check(classes);
        noClasses().that().resideInAPackage("io.skyroute.pipeline..")
                .should().dependOnClassesThat().resideInAnyPackage("io.skyroute.ledger..", "io.skyroute.ops..", "io.skyroute.sources..",
                        "io.skyroute.sorting..", "io.skyroute.reduction..", "io.skyroute.tom..", "io.skyroute.app..", "io.skyroute.cli..",
                        "io.skyroute.photometry..", "org.apache.camel..", "jakarta.persistence..")
                .check(classes);
    }

    @Test
    void onlyTheLedgerTalksToTheDatabase() {
        noClasses().that().resideOutsideOfPackage("io.skyroute.ledger..")
                .and().doNotHaveFullyQualifiedName("io.skyroute.ops.ErrorPolicies") // names JDBC's exception types as transient
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.persistence..", "org.hibernate..", "java.sql..", "javax.sql..",
                        "org.flywaydb..", "com.zaxxer..")
                .check(classes);
    }

    @Test
    void roomsTalkThroughHandOffsNotToEachOther() {
        noClasses().that().resideInAnyPackage("io.skyroute.sources..", "io.skyroute.sorting..", "io.skyroute.reduction..",
                        "io.skyroute.tom..", "io.skyroute.ledger..", "io.skyroute.ops..")
                .should().dependOnClassesThat().resideInAnyPackage("io.skyroute.app..", "io.skyroute.cli..")
                .check(classes);
        noClasses().that().resideInAPackage("io.skyroute.reduction..")
                .should().dependOnClassesThat().resideInAnyPackage("io.skyroute.tom..", "io.skyroute.sorting..", "io.skyroute.sources..")
                .check(classes);
        noClasses().that().resideInAPackage("io.skyroute.tom..")
                .should().dependOnClassesThat().resideInAnyPackage("io.skyroute.reduction..", "io.skyroute.sorting..", "io.skyroute.sources..")
                .check(classes);
        noClasses().that().resideInAPackage("io.skyroute.sources..")
                .should().dependOnClassesThat().resideInAnyPackage("io.skyroute.sorting..", "io.skyroute.reduction..", "io.skyroute.tom..")
                .check(classes);
        noClasses().that().resideInAPackage("io.skyroute.sorting..")
                .should().dependOnClassesThat().resideInAnyPackage("io.skyroute.sources..", "io.skyroute.reduction..", "io.skyroute.tom..")
                .check(classes);
    }
}
