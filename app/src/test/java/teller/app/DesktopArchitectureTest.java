package teller.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Here both the UI and server-core are on the class path, so this is where the UI could start
 * using server-core: it must not (it speaks only HTTP, so it works against a remote server too).
 * Only the app's launcher wires the bundled server.
 */
class DesktopArchitectureTest {
    /** The imported classes (~45 MB): let go after this class, as all the desktop's tests share one JVM (decision 0200). */
    private static JavaClasses CLASSES;

    @BeforeAll
    static void importClasses() {
        CLASSES = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("teller.ui", "teller.app");
    }

    @AfterAll
    static void letGo() {
        CLASSES = null;
    }

    @Test
    void uiDoesNotDependOnServerCore() {
        noClasses().that().resideInAPackage("teller.ui..")
                .should().dependOnClassesThat().resideInAPackage("teller.server..")
                .check(CLASSES);
    }

    @Test
    void onlyTheBundledServerTouchesServerCoreInternals() {
        noClasses().that().resideInAPackage("teller.app..").and().doNotHaveSimpleName("BundledServer")
                .should().dependOnClassesThat().resideInAPackage("teller.server..")
                .check(CLASSES);
    }
}
