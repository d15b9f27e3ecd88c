package teller.server.risk;

/** Self-exclusion as the player chose it: TEMPORARY and EXTENDED end at a set time, PERMANENT never. */
public enum ExclusionType {
    TEMPORARY, EXTENDED, PERMANENT
}
