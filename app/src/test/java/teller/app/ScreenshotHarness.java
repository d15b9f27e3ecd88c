package teller.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.PasswordField;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import teller.server.ServerCore;
import teller.server.support.ApiClient;
import teller.server.support.TestServer;
import teller.ui.api.TellerClient;
import teller.ui.common.FxExecutors;
import teller.ui.ConsoleScreens;
import teller.ui.console.ConsoleWindow;

/**
 * Not a test: writes docs/screenshots/{login,queue,operators,approval-policy,audit,proof-forwards,fraud-flags,order-lookup,reports,lock}.png from the real window against
 * a real test server with a little data. Run under Xvfb with the app module's test class path, e.g.
 * {@code xvfb-run -a -s "-screen 0 1280x800x24" java -cp ... teller.app.ScreenshotHarness docs/screenshots}.
 */
public final class ScreenshotHarness {
    private static final long WAIT_MILLIS = 30_000;

    private ScreenshotHarness() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/screenshots");
        Files.createDirectories(out);
        // Fraud rules on (TestServer has them off) so the proofs sent twice below raise real flags.
        ServerCore server = TestServer.start(b -> b.fraud(teller.server.risk.FraudSettings.defaults()));
        try {
            seed(server);
            run(server, out);
        } finally {
            server.close();
            Platform.exit();
        }
    }

    private static void seed(ServerCore server) {
        ApiClient admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        String maria = null;
        for (var op : List.of(List.of("maria.santos", "APPROVER"), List.of("jose.reyes", "SUPERVISOR"),
                List.of("ana.cruz", "AUDITOR"), List.of("night.desk", "VIEWER"))) {
            var created = admin.post("/api/v1/operators", Map.of("username", op.get(0), "password",
                    op.get(0) + "-pass-2026", "roles", List.of(op.get(1))));
            maria = maria == null ? created.at("/id") : maria;
        }
        // maria.santos, selected in operators.png, approves up to $500.00 and €250.00 per order.
        admin.send("PUT", "/api/v1/operators/" + maria + "/approval-caps/USD", "{\"amountMax\":50000}", Map.of());
        admin.send("PUT", "/api/v1/operators/" + maria + "/approval-caps/EUR", "{\"amountMax\":25000}", Map.of());
        // Dual approval, shown in approval-policy.png: two approvers from $1,000.00, €800.00 and ¥150,000.
        admin.send("PUT", "/api/v1/approval-policy/dual-approval/USD", "{\"amountMin\":100000}", Map.of());
        admin.send("PUT", "/api/v1/approval-policy/dual-approval/EUR", "{\"amountMin\":80000}", Map.of());
        admin.send("PUT", "/api/v1/approval-policy/dual-approval/JPY", "{\"amountMin\":150000}", Map.of());
        var disabled = admin.post("/api/v1/operators", Map.of("username", "former.clerk", "password",
                "former-clerk-pass", "roles", List.of("APPROVER")));
        admin.send("PATCH", "/api/v1/operators/" + disabled.at("/id"), "{\"active\":false}", Map.of());
        admin.post("/api/v1/api-tokens", Map.of("name", "player-portal", "scopes", List.of("orders:create", "players:read")));
        var chat = admin.post("/api/v1/api-tokens", Map.of("name", "old-chat-bot", "scopes", List.of("orders:create")));
        admin.post("/api/v1/api-tokens/" + chat.at("/id") + "/revoke", Map.of());
        for (int i = 0; i < 3; i++) {
            new ApiClient(server.baseUrl()).post("/api/v1/auth/login",
                    Map.of("username", "maria.santos", "password", "mistyped-" + i));
        }
        ApiClient.signedIn(server.baseUrl(), "maria.santos", "maria.santos-pass-2026");
        Seed seed = new Seed(server);
        seed.player("p-1001", "lucky.star", 120_00);
        seed.order("DEPOSIT", "p-1001", 50_00, null);
        // Deposits with a payment proof: forwards wait for Telegram (not configured here), and the
        // same receipt sent twice by one player raises a DUPLICATE_PROOF flag.
        teller.server.common.Actor portal = new teller.server.common.Actor(teller.server.common.ActorType.INTEGRATION,
                "player-portal", "player-portal", "127.0.0.1");
        for (var player : List.of(List.of("p-2001", "coin.runner", "5"), List.of("p-2002", "river.bet", "7"))) {
            server.services().players().register(player.get(0), player.get(1), "USD", portal);
            String proof = teller.server.proof.ProofFixtures.base64(
                    teller.server.proof.ProofFixtures.image("png", 4, 4, Long.parseLong(player.get(2))));
            for (int i = 0; i < 2; i++) {
                server.services().intake().submit(new teller.server.orders.IntakeRequest("DEPOSIT", player.get(0),
                        25_00L + i * 5_00L, "USD", null, "GCASH", "PORTAL", null, proof), null, portal);
            }
        }
    }

    private static void run(ServerCore server, Path out) throws Exception {
        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> started.complete(null));
        started.get(30, TimeUnit.SECONDS);
        Stage[] stage = new Stage[1];
        ConsoleWindow window = fx(() -> {
            stage[0] = new Stage();
            ConsoleWindow w = new ConsoleWindow(ConsoleScreens.ALL, FxExecutors.create(),
                    TellerClient.defaultHttpClient(), null);
            w.show(stage[0]);
            return w;
        });
        Scene scene = fx(() -> stage[0].getScene());

        fx(() -> {
            ((RadioButton) scene.lookup("#remoteMode")).setSelected(true);
            ((TextField) scene.lookup("#serverUrl")).setText(server.baseUrl());
            ((TextField) scene.lookup("#username")).setText("maria.santos");
            ((PasswordField) scene.lookup("#password")).setText("not-her-password");
            ((Button) scene.lookup("#connect")).fire();
            return null;
        });
        waitFor(() -> fx(() -> !((javafx.scene.control.Label) scene.lookup("#error")).getText().isEmpty()));
        shoot(scene, out.resolve("login.png"));

        fx(() -> {
            ((TextField) scene.lookup("#username")).setText("admin");
            ((PasswordField) scene.lookup("#password")).setText(TestServer.ADMIN_PASSWORD);
            ((Button) scene.lookup("#connect")).fire();
            return null;
        });
        waitFor(() -> fx(() -> window.shell() != null));
        // The app bar shows the live events' state: shoot once the stream is up.
        waitFor(() -> fx(() -> scene.lookup("#liveStatus") instanceof javafx.scene.control.Label live
                && live.getText().contains("Live")));
        // queue.png: the oldest order open on the card, with its preview (issue 12).
        fx(() -> {
            window.shell().show("queue");
            return null;
        });
        waitFor(() -> fx(() -> scene.lookup("#checksList") instanceof javafx.scene.layout.VBox checks
                && !checks.getChildren().isEmpty()));
        shoot(scene, out.resolve("queue.png"));
        fx(() -> {
            window.shell().show("operators");
            return null;
        });
        waitFor(() -> fx(() -> scene.lookup("#operatorTable") != null
                && ((TableView<?>) scene.lookup("#operatorTable")).getItems().size() >= 5));
        fx(() -> {
            @SuppressWarnings("unchecked")
            TableView<teller.ui.api.OperatorsApi.Operator> table =
                    (TableView<teller.ui.api.OperatorsApi.Operator>) scene.lookup("#operatorTable");
            table.getItems().stream().filter(o -> o.username().equals("maria.santos")).findFirst()
                    .ifPresent(table.getSelectionModel()::select);
            return null;
        });
        waitFor(() -> fx(() -> scene.lookup("#capsTable") != null
                && ((TableView<?>) scene.lookup("#capsTable")).getItems().size() == 2));
        shoot(scene, out.resolve("operators.png"));

        fx(() -> {
            window.shell().show("approval-policy");
            return null;
        });
        waitFor(() -> fx(() -> scene.lookup("#thresholdTable") != null
                && ((TableView<?>) scene.lookup("#thresholdTable")).getItems().size() == 3));
        fx(() -> {
            ((TableView<?>) scene.lookup("#thresholdTable")).getSelectionModel().select(2);
            return null;
        });
        shoot(scene, out.resolve("approval-policy.png"));

        fx(() -> {
            window.shell().show("audit");
            return null;
        });
        waitFor(() -> fx(() -> scene.lookup("#auditTable") != null
                && !((TableView<?>) scene.lookup("#auditTable")).getItems().isEmpty()));
        fx(() -> {
            ((TableView<?>) scene.lookup("#auditTable")).getSelectionModel().select(2);
            ((Button) scene.lookup("#verifyChain")).fire();
            return null;
        });
        waitFor(() -> fx(() -> ((javafx.scene.control.Label) scene.lookup("#verifyResult")).getText().startsWith("Chain")));
        shoot(scene, out.resolve("audit.png"));

        fx(() -> {
            window.shell().show("proof-forwards");
            return null;
        });
        waitFor(() -> fx(() -> scene.lookup("#forwardTable") != null
                && !((TableView<?>) scene.lookup("#forwardTable")).getItems().isEmpty()));
        fx(() -> {
            ((TableView<?>) scene.lookup("#forwardTable")).getSelectionModel().select(0);
            return null;
        });
        shoot(scene, out.resolve("proof-forwards.png"));

        fx(() -> {
            window.shell().show("fraud");
            return null;
        });
        waitFor(() -> fx(() -> scene.lookup("#flagsTable") != null
                && !((TableView<?>) scene.lookup("#flagsTable")).getItems().isEmpty()));
        fx(() -> {
            ((TableView<?>) scene.lookup("#flagsTable")).getSelectionModel().select(0);
            return null;
        });
        shoot(scene, out.resolve("fraud-flags.png"));

        // Order lookup: the case of the order SYSTEM approved (a signed, confirmed payment), read in one transaction.
        fx(() -> {
            window.shell().show("order-lookup");
            return null;
        });
        waitFor(() -> fx(() -> scene.lookup("#orderIdField") != null));
        fx(() -> {
            ((TextField) scene.lookup("#orderIdField")).setText("1");
            ((Button) scene.lookup("#openButton")).fire();
            return null;
        });
        waitFor(() -> fx(() -> ((javafx.scene.control.Label) scene.lookup("#caseTitle")).getText().contains("Order #1")
                && !((TableView<?>) scene.lookup("#postingTable")).getItems().isEmpty()));
        shoot(scene, out.resolve("order-lookup.png"));

        // Reports: the balance flow of the seeded deposits, its totals in the table's footer (issue 16).
        // The rollups fold new flows in within a second or two: refresh every two seconds until they show.
        fx(() -> {
            window.shell().show("reports");
            return null;
        });
        int[] polls = {0};
        waitFor(() -> fx(() -> {
            boolean shown = scene.lookup("#reportFooter") instanceof javafx.scene.Parent footer
                    && !footer.getChildrenUnmodifiable().isEmpty();
            if (!shown && ++polls[0] % 20 == 0 && !((Button) scene.lookup("#refreshReport")).isDisabled()) {
                ((Button) scene.lookup("#refreshReport")).fire();
            }
            return shown;
        }));
        shoot(scene, out.resolve("reports.png"));

        fx(() -> {
            window.lock("The console locked after 15 minutes without input. Sign in again to continue where you were.");
            return null;
        });
        waitFor(() -> fx(() -> scene.lookup("#lockPassword") != null));
        shoot(scene, out.resolve("lock.png"));
    }

    private static void shoot(Scene scene, Path file) throws Exception {
        Thread.sleep(400);
        Screenshot.write(scene, file);
        System.out.println("wrote " + file);
    }

    private static void waitFor(Callable<Boolean> condition) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (!condition.call()) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("timed out");
            }
            Thread.sleep(100);
        }
    }

    private static <T> T fx(Callable<T> action) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(action.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(30, TimeUnit.SECONDS);
    }
}
