package teller.server.risk;

/** A player's limit for one rule: the environment default, the override, and which applies (null = none). */
public record EffectiveLimit(LimitRule rule, Long defaultValue, Long override, Long effective) {
}
