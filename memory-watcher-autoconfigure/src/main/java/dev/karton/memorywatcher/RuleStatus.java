package dev.karton.memorywatcher;

/**
 * One rule's standing at one moment, for reports.
 *
 * @param rule the rule's name, such as {@code proceed-tasks}
 * @param limit the limit in use, formatted for people; with jitter, followed by the configured
 * limit and the factor, such as {@code 1043 (1000 +4.3% jitter)}
 * @param current the value compared with the limit, formatted like the limit
 * @param progress {@code 0} far away, {@code 1} or more when the rule fires
 * @param reached whether the figures are over the limit; a memory rule fires only after
 * {@code breach-checks} such checks in a row
 * @param consecutiveBreaches checks in a row that found a memory rule over its limit; {@code 0} for
 * other rules
 */
public record RuleStatus(String rule, String limit, String current, double progress, boolean reached,
		int consecutiveBreaches) {

	static RuleStatus of(RestartRule rule, Reading reading, int consecutiveBreaches) {
		return new RuleStatus(rule.name(), rule.limit(), rule.current(reading), rule.progress(reading),
				rule.isReached(reading), consecutiveBreaches);
	}

}
