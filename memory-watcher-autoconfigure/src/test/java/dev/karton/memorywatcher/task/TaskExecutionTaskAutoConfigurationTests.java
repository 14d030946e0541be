package dev.karton.memorywatcher.task;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.karton.memorywatcher.MemoryWatcher;
import dev.karton.memorywatcher.autoconfigure.MemoryWatcherAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class TaskExecutionTaskAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MemoryWatcherAutoConfiguration.class,
				TaskExecutionAutoConfiguration.class, TaskExecutionTaskAutoConfiguration.class));

	@Test
	void runWithAsyncMethodMakesEachCallATask() {
		this.contextRunner.withUserConfiguration(AsyncConfiguration.class).run((context) -> {
			AsyncReports reports = context.getBean(AsyncReports.class);
			reports.build().get(10, TimeUnit.SECONDS);
			reports.build().get(10, TimeUnit.SECONDS);
			// The future completes inside the task, just before the task ends.
			MemoryWatcher watcher = context.getBean(MemoryWatcher.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> watcher.snapshot().processedTasks() == 2);
			assertThat(watcher.snapshot().inFlightTasks()).isZero();
		});
	}

	@Test
	void runWithUserDecoratorKeepsIt() {
		this.contextRunner.withUserConfiguration(UserDecoratorConfiguration.class).run((context) -> {
			ThreadPoolTaskExecutor executor = context.getBean(ThreadPoolTaskExecutor.class);
			executor.submit(() -> {
			}).get(10, TimeUnit.SECONDS);
			assertThat(context.getBean(UserDecoratorConfiguration.class).decorated).hasSize(1);
			MemoryWatcher watcher = context.getBean(MemoryWatcher.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> watcher.snapshot().processedTasks() == 1);
		});
	}

	@Test
	void runWhenSwitchedOffLeavesExecutorsAlone() {
		this.contextRunner.withPropertyValues("karton.memory-watcher.integrations.task.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(WatchedTaskDecorator.class);
				assertThat(context).doesNotHaveBean(ExecutorIntake.class);
				context.getBean(ThreadPoolTaskExecutor.class).submit(() -> {
				}).get(10, TimeUnit.SECONDS);
				assertThat(context.getBean(MemoryWatcher.class).snapshot().processedTasks()).isZero();
			});
	}

	@Test
	void stopIntakeRunsQueuedTasksThenRefusesNewOnes() {
		this.contextRunner
			.withPropertyValues("spring.task.execution.pool.core-size=1", "spring.task.execution.pool.max-size=1")
			.run((context) -> {
				ThreadPoolTaskExecutor executor = context.getBean(ThreadPoolTaskExecutor.class);
				List<Integer> ran = new CopyOnWriteArrayList<>();
				for (int i = 0; i < 5; i++) {
					int task = i;
					executor.execute(() -> {
						sleep(Duration.ofMillis(50));
						ran.add(task);
					});
				}
				context.getBean(ExecutorIntake.class).stopIntake(Duration.ofSeconds(10));
				assertThat(ran).containsExactly(0, 1, 2, 3, 4);
				assertThat(context.getBean(MemoryWatcher.class).snapshot().processedTasks()).isEqualTo(5);
				assertThatExceptionOfType(TaskRejectedException.class).isThrownBy(() -> executor.execute(() -> {
				}));
			});
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("task interrupted", ex);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	@Import(AsyncReports.class)
	static class AsyncConfiguration {

	}

	static class AsyncReports {

		@Async
		CompletableFuture<String> build() {
			return CompletableFuture.completedFuture("report");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserDecoratorConfiguration {

		final List<Runnable> decorated = new CopyOnWriteArrayList<>();

		@Bean
		TaskDecorator userTaskDecorator() {
			return (runnable) -> {
				this.decorated.add(runnable);
				return runnable;
			};
		}

	}

}
