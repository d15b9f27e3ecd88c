package teller.ui.fraud;

import teller.ui.common.Labels;

/**
 * What an operator reads for a flag's resolution (issue 16: every enum shown has a label and says
 * what it does); the server's codes stay what is sent.
 */
public final class Resolutions {
    private Resolutions() {
    }

    /** "Confirmed fraud" for CONFIRMED_FRAUD; from {@link Labels}, the one source. */
    public static String label(String code) {
        return Labels.label(code);
    }

    /** What choosing the resolution does, for its tooltip and the line under the choice. */
    public static String effect(String code) {
        return Labels.meaning(code);
    }
}
