package dev.karton.memorywatcher.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.karton.memorywatcher.BeforeExitCallback;
import dev.karton.memorywatcher.MemoryWatcher;
import dev.karton.memorywatcher.TaskIntake;
import dev.karton.memorywatcher.TaskScope;
import dev.karton.memorywatcher.WatcherState;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The exit sequence, run for real in an application context; only the JVM exit itself is recorded
 * instead of carried out.
 */
class GracefulExitTests {

	private final List<String> events = new CopyOnWriteArrayList<>();

	private final RecordingExitStrategy exitStrategy = new RecordingExitStrategy(this.events);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MemoryWatcherAutoConfiguration.class))
		.withBean(ExitStrategy.class, () -> this.exitStrategy)
		.withBean("closable", DisposableBean.class, () -> () -> this.events.add("context closed"))
		.withBean("readiness", ApplicationListener.class,
				() -> (ApplicationListener<AvailabilityChangeEvent<?>>) (event) -> {
					if (event.getState() == ReadinessState.REFUSING_TRAFFIC) {
						this.events.add("refusing traffic");
					}
				})
		.withPropertyValues("karton.memory-watcher.proceed-tasks=1");

	private void awaitExit() {
		await().atMost(Duration.ofSeconds(20)).until(() -> !this.exitStrategy.codes.isEmpty());
	}

	@Test
	void restartRefusesTrafficStopsIntakeRunsCallbacksInOrderClosesTheContextThenExits() {
		this.contextRunner.withBean("second", BeforeExitCallback.class, () -> new NamedCallback("second", 2))
			.withBean("first", BeforeExitCallback.class, () -> new NamedCallback("first", 1))
			.withBean("intake", TaskIntake.class, () -> (timeout) -> this.events.add("intake stopped"))
			.run((context) -> {
				MemoryWatcher watcher = context.getBean(MemoryWatcher.class);
				watcher.run(() -> this.events.add("task"));
				awaitExit();
				assertThat(this.events).containsExactly("task", "refusing traffic", "intake stopped",
						"callback first on memory-watcher-callback", "callback second on memory-watcher-callback",
						"context closed", "exit 75");
				assertThat(watcher.state()).isEqualTo(WatcherState.EXITING);
				assertThat(context.isActive()).isFalse();
			});
	}

	@Test
	void exitCodeIsConfigurable() {
		this.contextRunner.withPropertyValues("karton.memory-watcher.exit-code=0").run((context) -> {
			context.getBean(MemoryWatcher.class).run(() -> {
			});
			awaitExit();
			assertThat(this.exitStrategy.codes).containsExactly(0);
		});
	}

	@Test
	void drainWaitsForEveryInFlightTaskBeforeAnythingElse() throws Exception {
		this.contextRunner.withBean("callback", BeforeExitCallback.class, () -> new NamedCallback("cleanup", 0))
			.run((context) -> {
				MemoryWatcher watcher = context.getBean(MemoryWatcher.class);
				CountDownLatch longTaskStarted = new CountDownLatch(1);
				CountDownLatch releaseLongTask = new CountDownLatch(1);
				Thread consumer = new Thread(() -> watcher.run(() -> {
					longTaskStarted.countDown();
					awaitQuietly(releaseLongTask);
					this.events.add("long task finished");
				}));
				consumer.start();
				longTaskStarted.await();
				watcher.run(() -> this.events.add("short task finished"));
				assertThat(watcher.isAcceptingTasks()).isFalse();
				Thread.sleep(300);
				assertThat(this.events).doesNotContain("exit 75", "context closed").noneMatch((e) -> e.startsWith("callback"));
				releaseLongTask.countDown();
				awaitExit();
				consumer.join();
				assertThat(this.events).containsSubsequence("long task finished", "callback cleanup on memory-watcher-callback",
						"context closed", "exit 75");
			});
	}

	@Test
	void drainTimeoutExitsAnywayWhileATaskHangs() {
		this.contextRunner.withPropertyValues("karton.memory-watcher.drain-timeout=300ms").run((context) -> {
			MemoryWatcher watcher = context.getBean(MemoryWatcher.class);
			TaskScope hanging = watcher.taskStarted();
			watcher.run(() -> {
			});
			long start = System.nanoTime();
			awaitExit();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
			assertThat(watcher.snapshot().inFlightTasks()).isEqualTo(1);
			hanging.close();
		});
	}

	@Test
	void callbacksThatThrowOrHangNeverStopTheRestart() {
		this.contextRunner.withPropertyValues("karton.memory-watcher.callback-timeout=200ms")
			.withBean("throwing", BeforeExitCallback.class, () -> new ThrowingCallback())
			.withBean("hanging", BeforeExitCallback.class, () -> new HangingCallback())
			.withBean("last", BeforeExitCallback.class, () -> new NamedCallback("last", Ordered.LOWEST_PRECEDENCE))
			.run((context) -> {
				context.getBean(MemoryWatcher.class).run(() -> {
				});
				awaitExit();
				assertThat(this.events).containsSubsequence("throwing ran", "hanging ran",
						"callback last on memory-watcher-callback", "context closed", "exit 75");
			});
	}

	@Test
	void exitHappensOnceWhenRulesAndManualRequestsRace() throws Exception {
		this.contextRunner.run((context) -> {
			MemoryWatcher watcher = context.getBean(MemoryWatcher.class);
			Thread[] threads = new Thread[4];
			for (int i = 0; i < threads.length; i++) {
				threads[i] = new Thread(() -> {
					watcher.run(() -> {
					});
					watcher.requestRestart("race");
				});
				threads[i].start();
			}
			for (Thread thread : threads) {
				thread.join();
			}
			awaitExit();
			Thread.sleep(200);
			assertThat(this.exitStrategy.codes).containsExactly(75);
		});
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Order(1)
	class ThrowingCallback implements BeforeExitCallback {

		@Override
		public void beforeExit(dev.karton.memorywatcher.RestartReason reason) {
			GracefulExitTests.this.events.add("throwing ran");
			throw new IllegalStateException("callback broken on purpose");
		}

	}

	@Order(2)
	class HangingCallback implements BeforeExitCallback {

		@Override
		public void beforeExit(dev.karton.memorywatcher.RestartReason reason) throws InterruptedException {
			GracefulExitTests.this.events.add("hanging ran");
			Thread.sleep(60_000);
		}

	}

	class NamedCallback implements BeforeExitCallback, Ordered {

		private final String name;

		private final int order;

		NamedCallback(String name, int order) {
			this.name = name;
			this.order = order;
		}

		@Override
		public void beforeExit(dev.karton.memorywatcher.RestartReason reason) {
			GracefulExitTests.this.events.add("callback " + this.name + " on " + Thread.currentThread().getName());
		}

		@Override
		public int getOrder() {
			return this.order;
		}

	}

}
