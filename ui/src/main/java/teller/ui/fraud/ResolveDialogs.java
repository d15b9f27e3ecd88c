package teller.ui.fraud;

import java.util.Optional;

/** The resolve dialog, behind an interface so view-model tests answer it without windows. */
public interface ResolveDialogs {
    /** What the supervisor decided: one of {@code FraudApi.RESOLUTIONS} and a non-blank note. */
    record Answer(String resolution, String note) {
    }

    /** Asks how to resolve the flag described by {@code summary}; empty when cancelled. */
    Optional<Answer> askResolution(String summary);
}
