package teller.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.ServerCore;
import teller.server.support.ApiClient;
import teller.server.support.TestServer;
import teller.ui.api.AuditApi;
import teller.ui.api.OperatorsApi;
import teller.ui.api.TellerClient;
import teller.ui.audit.AuditViewModel;
import teller.ui.common.UiExecutors;
import teller.ui.operators.OperatorPrompts;
import teller.ui.operators.OperatorsViewModel;

/**
 * The Operators and Audit log view models without a window (inline executors) against a real
 * server: validation before the call, the one-time token, paging and filters of the trail.
 */
class SecurityViewModelsTest {
    static ServerCore server;
    static TellerClient admin;

    private final List<String> shownSecrets = new ArrayList<>();
    private boolean confirmAnswer = true;
    private final OperatorPrompts prompts = new OperatorPrompts() {
        @Override
        public boolean confirm(String title, String message) {
            return confirmAnswer;
        }

        @Override
        public void showTokenOnce(String tokenName, String secret) {
            shownSecrets.add(secret);
        }

        @Override
        public void editCap(teller.ui.operators.ApprovalCapEditor editor) {
            throw new AssertionError("these tests open no approval cap dialog");
        }
    };

    @BeforeAll
    static void start() {
        server = TestServer.start();
        admin = TellerClient.login(TellerClient.defaultHttpClient(), server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD)
                .client();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private OperatorsViewModel operators() {
        return new OperatorsViewModel(new OperatorsApi(admin), UiExecutors.inline(), prompts, "admin");
    }

    @Test
    void aTooShortPasswordOrNoRoleIsRefusedBeforeAnyCall() {
        OperatorsViewModel screen = operators();
        assertThat(screen.createOperator("vm.short", "2short", List.of("VIEWER"))).isFalse();
        assertThat(screen.errorProperty().get()).contains("at least 10 characters");
        assertThat(screen.createOperator("vm.short", "long-enough-password", List.of())).isFalse();
        assertThat(screen.errorProperty().get()).isEqualTo("Choose at least one role.");
        screen.refresh();
        assertThat(screen.operators()).extracting(OperatorsApi.Operator::username).doesNotContain("vm.short");
    }

    @Test
    void theServersRefusalIsShownAndNothingElseChanges() {
        OperatorsViewModel screen = operators();
        screen.refresh();
        OperatorsApi.Operator self = screen.operators().stream().filter(screen::isSelf).findFirst().orElseThrow();

        screen.setRoles(self, List.of("VIEWER"));

        assertThat(screen.errorProperty().get()).contains("OPERATOR_SELF_LOCKOUT");
        screen.refresh();
        assertThat(screen.operators().stream().filter(screen::isSelf).findFirst().orElseThrow().roles())
                .containsExactly("ADMIN");
    }

    @Test
    void aNewTokensSecretGoesToTheDialogOnlyAndADeclinedRevokeChangesNothing() {
        OperatorsViewModel screen = operators();
        assertThat(screen.createToken("vm-portal", List.of("orders:read"))).isTrue();

        assertThat(shownSecrets).singleElement().satisfies(secret ->
                assertThat(new ApiClient(server.baseUrl(), secret).get("/api/v1/orders").status()).isEqualTo(200));
        OperatorsApi.ApiToken token = screen.tokens().stream().filter(t -> t.name().equals("vm-portal")).findFirst()
                .orElseThrow();
        assertThat(token.toString()).doesNotContain(shownSecrets.get(0));
        assertThat(screen.noticeProperty().get()).contains("not shown again");

        confirmAnswer = false;
        screen.revokeToken(token);
        assertThat(new ApiClient(server.baseUrl(), shownSecrets.get(0)).get("/api/v1/orders").status()).isEqualTo(200);
        confirmAnswer = true;
        screen.revokeToken(token);
        assertThat(new ApiClient(server.baseUrl(), shownSecrets.get(0)).get("/api/v1/orders").status()).isEqualTo(401);
        assertThat(screen.tokens().stream().filter(t -> t.name().equals("vm-portal")).findFirst().orElseThrow().active())
                .isFalse();
    }

    @Test
    void aRefusedCreateOperatorKeepsWhatWasTypedPasswordIncludedAndASuccessClearsIt() {
        OperatorsViewModel screen = operators();
        screen.newUsernameProperty().set("admin");
        screen.newPasswordProperty().set("a-long-enough-password");
        screen.newRoles().get("VIEWER").set(true);

        assertThat(screen.createOperator()).isTrue();

        assertThat(screen.errorProperty().get()).as("the server refuses a taken username").isNotEmpty();
        assertThat(screen.newUsernameProperty().get()).isEqualTo("admin");
        assertThat(screen.newPasswordProperty().get()).as("the password is kept").isEqualTo("a-long-enough-password");
        assertThat(screen.newRoles().get("VIEWER").get()).isTrue();

        screen.newUsernameProperty().set("vm.kept");
        assertThat(screen.createOperator()).isTrue();
        assertThat(screen.errorProperty().get()).isEmpty();
        assertThat(screen.newUsernameProperty().get()).isEmpty();
        assertThat(screen.newPasswordProperty().get()).isEmpty();
        assertThat(screen.newRoles().get("VIEWER").get()).isFalse();
        assertThat(screen.operators()).extracting(OperatorsApi.Operator::username).contains("vm.kept");
    }

    @Test
    void aRefusedSelfDemotionPutsTheRoleBoxesBackToTheServersRoles() {
        OperatorsViewModel screen = operators();
        screen.refresh();
        OperatorsApi.Operator me = screen.operators().stream().filter(screen::isSelf).findFirst().orElseThrow();
        screen.showRoles(me);
        assertThat(screen.editRoles().get("ADMIN").get()).isTrue();

        screen.editRoles().get("ADMIN").set(false);
        screen.editRoles().get("VIEWER").set(true);
        screen.saveRoles(me);

        assertThat(screen.errorProperty().get()).as("the server refuses it").isNotEmpty();
        assertThat(screen.editRoles().get("ADMIN").get()).as("back to the server's state").isTrue();
        assertThat(screen.editRoles().get("VIEWER").get()).isEqualTo(me.roles().contains("VIEWER"));
    }

    @Test
    void theAuditLogNamesOperatorsAndFiltersByAUsernameWithCompletion() {
        OperatorsViewModel screen = operators();
        assertThat(screen.createOperator("vm.auditee", "auditee-password-1", List.of("VIEWER"))).isTrue();
        TellerClient.login(TellerClient.defaultHttpClient(), server.baseUrl(), "vm.auditee", "auditee-password-1");
        OperatorsApi operatorsApi = new OperatorsApi(admin);
        AuditViewModel audit = new AuditViewModel(new AuditApi(admin), UiExecutors.inline(), ZoneOffset.UTC, 50,
                () -> operatorsApi.operators().stream().map(OperatorsApi.Operator::username).toList());

        audit.actorProperty().set("vm.aud");
        audit.search();
        assertThat(audit.actorCompletions()).containsExactly("vm.auditee");
        audit.actorProperty().set("vm.auditee");
        audit.search();

        assertThat(audit.entries()).isNotEmpty().allSatisfy(e -> assertThat(e.actorName()).isEqualTo("vm.auditee"));
        assertThat(audit.entries()).extracting(AuditApi.Entry::action).contains("LOGIN");
        AuditApi.Entry first = audit.entries().get(0);
        audit.selectedProperty().set(first);
        assertThat(audit.detailProperty().get()).contains("Actor      vm.auditee (Operator ")
                .contains("At         " + java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                        .format(first.at().atZone(ZoneOffset.UTC)))
                .as("no ISO instant").doesNotContain(first.at().toString());
    }

    @Test
    void theAuditTrailPagesWithLoadMoreAndKeepsTheShownFilter() {
        for (int i = 0; i < 5; i++) {
            new ApiClient(server.baseUrl()).post("/api/v1/auth/login",
                    Map.of("username", "nobody.here", "password", "guess-number-" + i));
        }
        AuditViewModel audit = new AuditViewModel(new AuditApi(admin), UiExecutors.inline(), ZoneOffset.UTC, 2);
        audit.actionProperty().set("login");
        audit.outcomeProperty().set("FAILURE");
        audit.actorTypeProperty().set("ANONYMOUS");

        audit.search();
        assertThat(audit.entries()).hasSize(2);
        assertThat(audit.hasMoreProperty().get()).isTrue();
        audit.actionProperty().set("LOGOUT");
        audit.loadMore();
        audit.loadMore();

        assertThat(audit.entries()).hasSizeGreaterThanOrEqualTo(5)
                .allSatisfy(e -> assertThat(e.action()).as("the shown filter goes on").isEqualTo("LOGIN"));
        assertThat(audit.entries()).extracting(AuditApi.Entry::id).doesNotHaveDuplicates();
        audit.selectedProperty().set(audit.entries().get(0));
        assertThat(audit.detailProperty().get()).contains("nobody.here").doesNotContain("guess-number");
    }

    @Test
    void aDateRangeIncludesItsLastDayAndABackwardsRangeIsRefused() {
        AuditViewModel audit = new AuditViewModel(new AuditApi(admin), UiExecutors.inline(), ZoneOffset.UTC, 50);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        audit.fromDateProperty().set(today);
        audit.toDateProperty().set(today);
        audit.search();
        assertThat(audit.errorProperty().get()).isEmpty();
        assertThat(audit.entries()).isNotEmpty();

        audit.fromDateProperty().set(today.plusDays(1));
        audit.search();
        assertThat(audit.errorProperty().get()).isEqualTo("The date range ends before it starts.");

        audit.fromDateProperty().set(today.minusDays(3));
        audit.toDateProperty().set(today.minusDays(2));
        audit.search();
        assertThat(audit.entries()).isEmpty();
    }

    @Test
    void verifyingTheChainReportsItIntact() {
        AuditViewModel audit = new AuditViewModel(new AuditApi(admin), UiExecutors.inline());
        audit.verify();
        assertThat(audit.verificationProperty().get().intact()).isTrue();
        assertThat(audit.verificationTextProperty().get()).startsWith("Chain intact");
    }
}
