package dev.karton.memorywatcher;

/**
 * One rule's standing at one moment, for reports.
 *
 * @param rule the rule's name, such as {@code proceed-tasks}
 * @param limit the limit, formatted for people
 * @param current the value compared with the limit, formatted like the limit
 * @param progress {@code 0} far away, {@code 1} or more when the rule fires
 * @param reached whether the rule fires for these figures
 */
public record RuleStatus(String rule, String limit, String current, double progress, boolean reached) {

	static RuleStatus of(RestartRule rule, Reading reading) {
		return new RuleStatus(rule.name(), rule.limit(), rule.current(reading), rule.progress(reading),
				rule.isReached(reading));
	}

}
