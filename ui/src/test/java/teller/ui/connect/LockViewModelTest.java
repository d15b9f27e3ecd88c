package teller.ui.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import teller.ui.api.ApiException;
import teller.ui.api.OperatorInfo;
import teller.ui.api.TellerClient;
import teller.ui.common.UiExecutors;

/** The lock screen's rules without a window: the password never stays, one attempt at a time. */
class LockViewModelTest {
    private final List<String> attempts = new ArrayList<>();
    private final List<Session> unlocked = new ArrayList<>();
    private int signOuts;

    private LockViewModel lock(UiExecutors executors, boolean rightPassword) {
        return new LockViewModel(executors, "maria", "https://teller.example.com", "idle", true, password -> {
            attempts.add(password);
            if (!rightPassword) {
                throw new ApiException(401, "INVALID_CREDENTIALS", "wrong username or password", Map.of());
            }
            return new Session(TellerClient.withToken(TellerClient.defaultHttpClient(), "http://127.0.0.1:9", "t"),
                    new OperatorInfo("7", "maria", List.of("APPROVER")), false);
        }, unlocked::add, () -> signOuts++);
    }

    @Test
    void aWrongPasswordSaysSoAndLeavesTheFieldEmpty() {
        LockViewModel lock = lock(UiExecutors.inline(), false);
        lock.passwordProperty().set("not-my-password");

        lock.unlock();

        assertThat(attempts).containsExactly("not-my-password");
        assertThat(unlocked).isEmpty();
        assertThat(lock.errorProperty().get()).contains("Wrong username or password");
        assertThat(lock.passwordProperty().get()).isEmpty();
        assertThat(lock.busyProperty().get()).isFalse();
    }

    @Test
    void theRightPasswordHandsOverTheNewSessionAndKeepsNoPassword() {
        LockViewModel lock = lock(UiExecutors.inline(), true);
        lock.passwordProperty().set("my-password-1");

        lock.unlock();

        assertThat(unlocked).singleElement().satisfies(s -> assertThat(s.operator().username()).isEqualTo("maria"));
        assertThat(lock.passwordProperty().get()).isEmpty();
        assertThat(lock.errorProperty().get()).isEmpty();
    }

    @Test
    void aSecondUnlockWhileOneRunsIsIgnoredAndSignOutWaitsForIt() {
        List<Runnable> background = new ArrayList<>();
        Executor queued = background::add;
        LockViewModel lock = lock(new UiExecutors(queued, Runnable::run), true);
        lock.passwordProperty().set("my-password-1");
        lock.unlock();
        lock.passwordProperty().set("typed-again-meanwhile");
        lock.unlock();
        lock.signOut();

        assertThat(background).hasSize(1);
        assertThat(signOuts).isZero();
        assertThat(lock.canUnlockProperty().get()).isFalse();
        background.get(0).run();
        assertThat(attempts).containsExactly("my-password-1");
        assertThat(unlocked).hasSize(1);
    }

    @Test
    void anEmptyPasswordIsNotSent() {
        LockViewModel lock = lock(UiExecutors.inline(), true);
        lock.unlock();
        assertThat(attempts).isEmpty();
        assertThat(lock.errorProperty().get()).isEqualTo("Enter your password.");
    }
}
