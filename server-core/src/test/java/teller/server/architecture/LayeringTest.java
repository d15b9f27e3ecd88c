package teller.server.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.approval.ApprovalStore;

/**
 * STYLE.md's layering, written down as rules: domain packages state what they need as interfaces
 * and depend on nothing technical; {@code db} and {@code http} are the edges that implement and call them.
 *
 * <p>The one deliberate exception is a provider's wire adapter. {@code provider} holds the
 * {@code ExecutionProvider} port and its value types (domain) next to {@code HttpExecutionProvider},
 * which must speak HTTP and JSON. Rather than move that class (and its in-flight work) elsewhere,
 * the rule is: classes named {@code Http*} in {@code provider} are adapters that may use an HTTP
 * client, JSON and resilience4j, but never the server's own edges (Javalin, JDBI, JDBC), and no
 * domain class may depend on them; only the composition root ({@code ServerCore}) builds them.
 */
class LayeringTest {
    private static final String[] DOMAIN = {
        "teller.server.approval..", "teller.server.ledger..", "teller.server.orders..", "teller.server.players..",
        "teller.server.audit..", "teller.server.auth..", "teller.server.provider..", "teller.server.events..",
        "teller.server.common..", "teller.server.risk..", "teller.server.proof..",
        "teller.server.reports..", "teller.server.alerts..", "teller.server.payments..", "teller.server.referrals..",
        "teller.server.telegram.."};

    /** Libraries and packages of the technical edges, which no domain class may touch. */
    private static final String[] TECHNICAL = {
        "io.javalin..", "org.jdbi..", "com.fasterxml.jackson..", "java.sql..", "javax.sql..", "okhttp3..",
        "com.zaxxer..", "org.postgresql..", "org.flywaydb..", "io.zonky..", "picocli..", "io.github.resilience4j..",
        "io.micrometer..", "teller.server.db..", "teller.server.http..", "teller.server.cli..", "teller.server.config..",
        "teller.server.workers..", "teller.server.demo.."};

    /** What even a provider's wire adapter may not use: the server's own edges. */
    private static final String[] SERVER_EDGES = {
        "io.javalin..", "org.jdbi..", "java.sql..", "javax.sql..", "com.zaxxer..", "org.postgresql..", "org.flywaydb..",
        "teller.server.db..", "teller.server.http..", "teller.server.cli.."};

    private static final DescribedPredicate<JavaClass> PROVIDER_WIRE_ADAPTER = new DescribedPredicate<>(
            "a provider wire adapter (provider.Http*)") {
        @Override
        public boolean test(JavaClass c) {
            String top = c.getName().contains("$") ? c.getName().substring(0, c.getName().indexOf('$')) : c.getName();
            // telegram.HttpTelegramBotApi is the Telegram Bot API's wire adapter, under the same rule.
            return (c.getPackageName().equals("teller.server.provider") || c.getPackageName().equals("teller.server.telegram"))
                    && top.substring(top.lastIndexOf('.') + 1).startsWith("Http");
        }
    };

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("teller.server");
    }

    @Test
    void domainPackagesDependOnNothingTechnical() {
        noClasses().that().resideInAnyPackage(DOMAIN).and(DescribedPredicate.not(PROVIDER_WIRE_ADAPTER))
                .should().dependOnClassesThat().resideInAnyPackage(TECHNICAL)
                .check(main);
    }

    @Test
    void providerWireAdaptersStayOffTheServersOwnEdges() {
        noClasses().that(PROVIDER_WIRE_ADAPTER).should().dependOnClassesThat().resideInAnyPackage(SERVER_EDGES)
                .check(main);
    }

    @Test
    void noDomainClassDependsOnAProviderWireAdapter() {
        noClasses().that().resideInAnyPackage(DOMAIN).and(DescribedPredicate.not(PROVIDER_WIRE_ADAPTER))
                .should().dependOnClassesThat(PROVIDER_WIRE_ADAPTER)
                .check(main);
    }

    @Test
    void httpCallsServicesNotTheDatabase() {
        noClasses().that().resideInAPackage("teller.server.http..")
                .should().dependOnClassesThat().resideInAnyPackage("teller.server.db..", "org.jdbi..", "java.sql..")
                .check(main);
    }

    @Test
    void databaseLayerKnowsNothingOfHttp() {
        noClasses().that().resideInAPackage("teller.server.db..")
                .should().dependOnClassesThat().resideInAnyPackage("teller.server.http..", "io.javalin..")
                .check(main);
    }

    @Test
    void onlyTheApprovalPackageUsesTheApprovalStore() {
        // The single approval path, architecturally: status writes are only reachable from approval.
        noClasses().that().resideOutsideOfPackage("teller.server.approval..").and().doNotImplement(ApprovalStore.class)
                .should().callMethodWhere(DescribedPredicate.describe("a method of ApprovalStore",
                        call -> call.getTarget().getOwner().isAssignableTo(ApprovalStore.class)))
                .check(main);
        classes().that().implement(ApprovalStore.class).should().resideInAPackage("teller.server.db")
                .check(main);
    }

    @Test
    void serverPackagesAreFreeOfCycles() {
        slices().matching("teller.server.(*)..").should().beFreeOfCycles()
                .check(main);
    }
}
