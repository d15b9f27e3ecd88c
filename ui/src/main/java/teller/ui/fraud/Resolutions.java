package teller.ui.fraud;

/**
 * What an operator reads for a flag's resolution (issue 16: every enum shown has a label and says
 * what it does); the server's codes stay what is sent.
 */
public final class Resolutions {
    private Resolutions() {
    }

    /** "Confirmed fraud" for CONFIRMED_FRAUD; an unknown code reads as itself. */
    public static String label(String code) {
        if (code == null) {
            return "";
        }
        return switch (code) {
            case "CONFIRMED_FRAUD" -> "Confirmed fraud";
            case "FALSE_POSITIVE" -> "False positive";
            case "ACCEPTED_RISK" -> "Accepted risk";
            default -> code;
        };
    }

    /** What choosing the resolution does, for its tooltip and the line under the choice. */
    public static String effect(String code) {
        if (code == null) {
            return "";
        }
        return switch (code) {
            case "CONFIRMED_FRAUD" -> "Closes the flag as fraud found. The player stays as they are: suspending"
                    + " them is a separate step on the player.";
            case "FALSE_POSITIVE" -> "Closes the flag: the rule tripped on legitimate behaviour. The player's"
                    + " risk score is worked out again.";
            case "ACCEPTED_RISK" -> "Closes the flag: suspicious, but accepted after review (e.g. a known high"
                    + " roller). The player's risk score is worked out again.";
            default -> "";
        };
    }
}
