package teller.ui;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The UI's layering, written down (STYLE.md): checked on every build. */
class ArchitectureTest {
    private static final JavaClasses UI = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("teller.ui");

    @Test
    void viewModelsDoNotTouchTheSceneGraph() {
        noClasses().that().haveSimpleNameEndingWith("ViewModel")
                .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..",
                        "javafx.fxml..", "javafx.application..")
                .check(UI);
    }

    @Test
    void apiClientKnowsNothingOfJavaFx() {
        noClasses().that().resideInAPackage("teller.ui.api..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..")
                .check(UI);
    }

    @Test
    void uiNeverUsesServerCoreClasses() {
        noClasses().that().resideInAPackage("teller.ui..")
                .should().dependOnClassesThat().resideInAPackage("teller.server..")
                .check(UI);
    }

    /**
     * The shell (teller.ui.console) knows no screen: the screens come from teller.ui.ConsoleScreens
     * above it, so a feature package can depend on the shell and never the other way round.
     */
    @Test
    void theShellDependsOnNoScreenPackage() {
        noClasses().that().resideInAPackage("teller.ui.console..")
                .should().dependOnClassesThat(resideInAPackage("teller.ui..").and(not(resideInAnyPackage(
                        "teller.ui.console..", "teller.ui.api..", "teller.ui.common..", "teller.ui.connect..",
                        "teller.ui.about..", "teller.ui.backup..", "teller.ui.preferences.."))))
                .check(UI);
    }

    @Test
    void uiPackagesAreFreeOfCycles() {
        slices().matching("teller.ui.(*)..").should().beFreeOfCycles().check(UI);
    }
}
