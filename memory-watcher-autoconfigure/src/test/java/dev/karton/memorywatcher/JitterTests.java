package dev.karton.memorywatcher;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class JitterTests {

	private static final int DRAWS = 100_000;

	@Test
	void drawsStayWithinPlusOrMinusThePercentAndSpreadEvenlyOverIt() {
		// One draw stands for one process; 100 000 of them must cover the band evenly and never leave it.
		RandomGenerator random = new SplittableRandom(20261126);
		int[] bins = new int[10];
		double min = Double.MAX_VALUE;
		double max = -Double.MAX_VALUE;
		double sum = 0;
		for (int i = 0; i < DRAWS; i++) {
			double factor = Jitter.draw(10, random).factor();
			assertThat(factor).isBetween(0.9, 1.1);
			min = Math.min(min, factor);
			max = Math.max(max, factor);
			sum += factor;
			bins[Math.min(9, (int) ((factor - 0.9) / 0.02))]++;
		}
		assertThat(min).isCloseTo(0.9, within(0.001));
		assertThat(max).isCloseTo(1.1, within(0.001));
		assertThat(sum / DRAWS).isCloseTo(1.0, within(0.001));
		// Uniform: each tenth of the band holds 10% of the draws; 4 standard deviations is 0.38%.
		for (int count : bins) {
			assertThat(count / (double) DRAWS).isCloseTo(0.1, within(0.004));
		}
	}

	@Test
	void replicasStartedTogetherGetDifferentTaskLimits() {
		RandomGenerator random = new SplittableRandom(7);
		long distinct = java.util.stream.IntStream.range(0, 20)
			.mapToLong((replica) -> Jitter.draw(10, random).applyTo(1000))
			.distinct()
			.count();
		assertThat(distinct).as("20 replicas over 201 possible limits").isGreaterThan(15);
	}

	@Test
	void zeroJitterKeepsEveryLimitAsConfigured() {
		Jitter none = Jitter.draw(0, new SplittableRandom(1));
		assertThat(none).isEqualTo(Jitter.NONE);
		assertThat(none.applyTo(1000)).isEqualTo(1000);
		assertThat(none.applyTo(Duration.ofHours(1))).isEqualTo(Duration.ofHours(1));
		assertThat(RestartRule.proceedTasks(1000, none).limit()).isEqualTo("1000");
	}

	@Test
	void theFactorScalesTasksAndTimeAndTheRuleShowsBothLimits() {
		Jitter jitter = new Jitter(10, 1.043);
		assertThat(jitter.applyTo(1000)).isEqualTo(1043);
		assertThat(jitter.applyTo(Duration.ofHours(1))).isEqualTo(Duration.ofMillis(3_754_800));
		assertThat(new Jitter(50, 0.5).applyTo(1)).as("never below one task").isEqualTo(1);
		RestartRule tasks = RestartRule.proceedTasks(1000, jitter);
		assertThat(tasks.limit()).isEqualTo("1043 (1000 +4.3% jitter)");
		assertThat(tasks.isReached(new Reading(1042, 0, -1, -1))).isFalse();
		assertThat(tasks.isReached(new Reading(1043, 0, -1, -1))).isTrue();
		RestartRule time = RestartRule.elapsedTime(Duration.ofHours(1), new Jitter(10, 0.95));
		assertThat(time.limit()).isEqualTo("57m (1h -5.0% jitter)");
		assertThat(time.isReached(new Reading(0, Duration.ofMinutes(57).toNanos() - 1, -1, -1))).isFalse();
		assertThat(time.isReached(new Reading(0, Duration.ofMinutes(57).toNanos(), -1, -1))).isTrue();
	}

	@Test
	void rejectsAPercentOutsideZeroToFiftyAndAFactorOutsideIt() {
		assertThatIllegalArgumentException().isThrownBy(() -> Jitter.draw(-1, new SplittableRandom(1)));
		assertThatIllegalArgumentException().isThrownBy(() -> Jitter.draw(51, new SplittableRandom(1)));
		assertThatIllegalArgumentException().isThrownBy(() -> new Jitter(10, 1.2));
	}

}
