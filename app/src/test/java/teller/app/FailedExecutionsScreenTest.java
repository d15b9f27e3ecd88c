package teller.app;

import static org.assertj.core.api.Assertions.assertThat;
import static teller.server.support.FakeProvider.Behaviour.FAIL_5XX;
import static teller.server.support.FakeProvider.Behaviour.SUCCEED;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import teller.server.provider.ProviderKind;
import teller.server.provider.ProviderSettings;
import teller.server.support.ExecutionFixture;
import teller.server.support.FakeProvider;
import teller.server.support.TestServer;
import teller.ui.api.ProviderInfo;
import teller.ui.providers.FailedExecutionsViewModel;

/**
 * Failed & in flight and the Providers panel in the real console window against a real server-core
 * whose game-load provider (a fake over HTTP) goes down: the failed order cannot be retried while
 * the breaker is OPEN (Retry disabled, the reason shown, the app bar warns), the provider comes
 * back and its breaker half-opens, Retry enables itself and the order executes. The breaker's wait
 * is long so the slow parts of the test never see it half-open early; the test moves it to
 * HALF_OPEN itself, as the breaker's own timer would.
 *
 * <p>With {@code -Dteller.screenshots=<dir>} it also writes failed-executions.png and providers.png.
 */
@ExtendWith(ApplicationExtension.class)
class FailedExecutionsScreenTest {
    static FakeProvider provider;
    static ExecutionFixture teller;
    static Stage stage;

    @BeforeAll
    static void startServer() {
        provider = FakeProvider.start();
        ProviderSettings gameLoad = new ProviderSettings(ProviderKind.GAME_LOAD, provider.baseUrl(), FakeProvider.TOKEN,
                Duration.ofMillis(1_500), 2, Duration.ofMillis(20), Duration.ofMillis(50), 4, 50f, Duration.ofMinutes(10));
        teller = ExecutionFixture.start(b -> b.providers(gameLoad,
                ExecutionFixture.fastSettings(ProviderKind.PAYOUT, provider.baseUrl())));
    }

    @AfterAll
    static void stopServer() {
        teller.close();
        provider.close();
    }

    @Start
    void start(Stage primary) {
        stage = primary;
        TestConsole.show(primary, teller.server);
    }

    @Test
    void aFailedOrderCannotBeRetriedWhileItsProviderIsDownAndExecutesOnceItIsBack(FxRobot robot) throws Exception {
        String player = teller.fundedPlayer(10_000);
        provider.defaultBehaviour(FAIL_5XX);
        long failed = teller.order("GAME_LOAD", player, 1_500);
        long other = teller.order("GAME_LOAD", player, 2_500);
        assertThat(teller.approve(failed).at("/status")).isEqualTo("APPROVED_FAILED");
        assertThat(teller.approve(other).at("/status")).isEqualTo("APPROVED_FAILED");
        assertThat(teller.httpProvider(ProviderKind.GAME_LOAD).circuitBreaker().getState().name()).isEqualTo("OPEN");

        FxWait.signInRemote(robot, teller.server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        FxWait.live(robot);
        FxWait.until(() -> FxWait.shows(robot, "#providerWarning"), "the app bar warns of the open circuit");
        assertThat(FxWait.text(robot, "#providerWarning")).contains("Game-load provider");
        FxWait.openScreen(robot, "failed");
        FxWait.select(robot, "#failedTable", FailedExecutionsViewModel.Row.class, r -> r.id().equals(String.valueOf(failed)),
                "the failed order");
        FailedExecutionsViewModel.Row row = FxWait.item(robot, "#failedTable", FailedExecutionsViewModel.Row.class,
                r -> r.id().equals(String.valueOf(failed)));
        assertThat(row.playerName()).isEqualTo("user-" + player);
        assertThat(row.errorCode()).startsWith("GAME_LOAD_API_");
        assertThat(row.providerText()).contains("OPEN");
        Button retry = robot.lookup("#retryFailed").queryAs(Button.class);
        FxWait.until(() -> FxWait.text(robot, "#retryHint").contains("OPEN"), "the reason Retry is disabled is shown");
        assertThat(retry.isDisabled()).isTrue();
        screenshot("failed-executions.png");
        FxWait.openScreen(robot, "providers");
        FxWait.until(() -> FxWait.item(robot, "#providersTable", ProviderInfo.class,
                p -> p.id().equals("GAME_LOAD") && p.open()) != null, "the panel shows the open breaker");
        assertThat(FxWait.text(robot, "#providersSummary")).contains("Circuit open");
        screenshot("providers.png");
        FxWait.openScreen(robot, "failed");
        FxWait.select(robot, "#failedTable", FailedExecutionsViewModel.Row.class, r -> r.id().equals(String.valueOf(failed)),
                "the failed order again");
        assertThat(retry.isDisabled()).isTrue();
        assertThat(teller.order(failed).get("executionAttempts").asInt()).isEqualTo(1);

        // The provider comes back; its breaker half-opens (its timer would, after its wait).
        provider.defaultBehaviour(SUCCEED);
        robot.interact(() -> teller.httpProvider(ProviderKind.GAME_LOAD).circuitBreaker().transitionToHalfOpenState());
        FxWait.until(() -> !retry.isDisabled(), "Retry enables itself when the breaker leaves OPEN");
        FxWait.until(() -> !FxWait.shows(robot, "#providerWarning"), "the app bar warning goes");
        robot.clickOn(retry);

        ExecutionFixture.await(Duration.ofSeconds(30), "the retried order to execute",
                () -> teller.status(failed).equals("APPROVED_EXECUTED"));
        FxWait.until(() -> FxWait.text(robot, "#failedMessage").contains("Order " + failed + " retried: APPROVED_EXECUTED"),
                "the console says the retry executed");
        FxWait.until(() -> FxWait.item(robot, "#failedTable", FailedExecutionsViewModel.Row.class,
                r -> r.id().equals(String.valueOf(failed))) == null, "the executed order leaves the list");
        assertThat(provider.succeededKeysOfOrder(failed)).containsExactly(ExecutionFixture.key(failed, 2));
        assertThat(teller.status(other)).as("only the selected order was retried").isEqualTo("APPROVED_FAILED");
        teller.assertLedgerClean();
    }

    /** Writes the window to {@code teller.screenshots}/{@code name} when that property is set. */
    private static void screenshot(String name) throws Exception {
        String dir = System.getProperty("teller.screenshots");
        if (dir == null || dir.isBlank()) {
            return;
        }
        Path out = Path.of(dir);
        Files.createDirectories(out);
        WritableImage image = FxWait.fx(() -> {
            Scene scene = stage.getScene();
            return scene.snapshot(null);
        });
        BufferedImage png = new BufferedImage((int) image.getWidth(), (int) image.getHeight(), BufferedImage.TYPE_INT_RGB);
        PixelReader pixels = image.getPixelReader();
        for (int y = 0; y < png.getHeight(); y++) {
            for (int x = 0; x < png.getWidth(); x++) {
                png.setRGB(x, y, pixels.getArgb(x, y));
            }
        }
        ImageIO.write(png, "png", new File(out.resolve(name).toString()));
    }
}
