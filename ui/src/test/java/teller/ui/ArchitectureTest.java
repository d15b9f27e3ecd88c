package teller.ui;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

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
}
